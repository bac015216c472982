package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.server.HttpServer;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.model.ModelKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin listener, isolation switch, inline policy and watchdog as HttpServer.builder() options. */
class HttpServerAdminTest {

    private static Router hello() {
        return Router.builder().get("/hello", r -> Response.text("hello\n")).build();
    }

    @Test
    void adminIsOffByDefault() throws Exception {
        try (var server = HttpServer.builder().port(0).router(hello()).start()) {
            assertThat(server.adminPort()).isEqualTo(-1);
            assertThat(server.watchdog()).isNull();
            assertThat(RawHttp.get(server.port(), "/health").status()).isEqualTo(404);
        }
    }

    @Test
    void adminPortWatchdogAndInlineAreBuilderOptions() throws Exception {
        var server = HttpServer.builder().port(0).model(ModelKind.REACTOR_WORKERS).workers(2)
                .executor(ExecutorKind.ELASTIC).inline(InlinePolicy.adaptive())
                .adminPort(0).watchdog(StallWatchdog.Config.defaults()).router(hello()).start();
        try {
            assertThat(server.adminPort()).isPositive().isNotEqualTo(server.port());
            assertThat(RawHttp.get(server.port(), "/hello").text()).isEqualTo("hello\n");
            assertThat(RawHttp.get(server.adminPort(), "/health").text()).isEqualTo("ok\n");
            assertThat(RawHttp.get(server.adminPort(), "/stats").text())
                    .contains("\"kind\":\"elastic\"").contains("\"role\":\"admin\"");
            assertThat(RawHttp.get(server.adminPort(), "/metrics").text()).contains("shardloop_stalls_total");
            assertThat(RawHttp.get(server.port(), "/health").status()).as("isolated: not on the data port")
                    .isEqualTo(404);
            assertThat(server.watchdog().loopStalls()).isZero();
        } finally {
            assertThat(server.shutdown(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(server.adminPort()).isPositive();
        try (var probe = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(
                    new java.net.InetSocketAddress("127.0.0.1", server.adminPort()), 2000))
                    .as("the admin port is closed with the server").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void isolationOffServesHealthOnTheDataPortToo() throws Exception {
        try (var server = HttpServer.builder().port(0).adminPort(0).adminIsolation(false).router(hello()).start()) {
            assertThat(RawHttp.get(server.port(), "/health").text()).isEqualTo("ok\n");
            assertThat(RawHttp.get(server.port(), "/stats").text()).contains("\"model\":\"single-reactor\"");
            assertThat(RawHttp.get(server.adminPort(), "/health").text()).isEqualTo("ok\n");
        }
    }
}
