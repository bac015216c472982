package io.shardloop.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.transport.TransportConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One source of truth: transport settings the HTTP limits would replace are refused, not silently dropped. */
class HttpServerSettingsTest {
    private static HttpServer.Builder builder() {
        return HttpServer.builder().port(0).threads(1).router(Router.builder().get("/", r -> Response.text("ok")).build());
    }

    @Test
    void aTransportTimeoutOrCapThatDisagreesWithTheLimitsIsRefusedNamingBoth() {
        assertThatThrownBy(() -> builder().transport(TransportConfig.builder().idleTimeout(Duration.ofSeconds(5)).build())
                .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TransportConfig.idleTimeout PT5S").hasMessageContaining("HttpLimits.idleTimeout");
        assertThatThrownBy(() -> builder().transport(TransportConfig.builder().maxConnections(10).build()).start())
                .hasMessageContaining("TransportConfig.maxConnections 10").hasMessageContaining("HttpLimits.maxConnections");
        assertThatThrownBy(() -> builder().transport(TransportConfig.builder()
                .partialMessageTimeout(Duration.ofSeconds(1)).build()).start())
                .hasMessageContaining("HttpLimits.headerTimeout");
    }

    @Test
    void agreeingOrDefaultTransportSettingsStart() {
        var limits = HttpLimits.defaults().withIdleTimeout(Duration.ofSeconds(5)).withMaxConnections(10);
        try (var s = builder().limits(limits).transport(TransportConfig.builder().idleTimeout(Duration.ofSeconds(5))
                .maxConnections(10).watermarks(8192, 4096).build()).start()) {
            assertThat(s.port()).isPositive();
        }
        try (var s = builder().transport(TransportConfig.builder().watermarks(8192, 4096).build()).start()) {
            assertThat(s.port()).isPositive();
        }
    }
}
