package io.shardloop.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.nativeio.Libc;
import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake counters in /stats and /metrics, and resumption switched off. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsStatsTest {

    private static HttpServer start(ModelKind model, TlsConfig tls) {
        return HttpServer.builder().model(model).threads(1).workers(2).port(0).adminPort(0)
                .router(BenchmarkEndpoints.install(Router.builder()).build()).tls(tls).start();
    }

    private static void connectTwiceEach(int port) throws Exception {
        var ctx = TestTls.clientContext();
        for (var protocol : List.of("TLSv1.3", "TLSv1.2")) {
            for (int i = 0; i < 2; i++) {
                try (var c = TestTls.connect(ctx, port, protocol)) {
                    c.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(HttpsModelSuiteTest.readAll(c.getInputStream())).endsWith("Hello, World!");
                }
            }
        }
    }

    @Test
    void sharedEpollRefusesHandshakesOnWorkersInOneLineBeforeServing() {
        assumeTrue(Libc.AVAILABLE, "epoll is not available here");
        var tls = TlsConfig.builder(TestTls.KEYS.context()).handshake(TlsHandshake.WORKERS).build();
        assertThatThrownBy(() -> HttpServer.builder().model(ModelKind.SHARED_EPOLL).transport(TransportKind.EPOLL)
                .threads(2).port(0).router(BenchmarkEndpoints.install(Router.builder()).build()).tls(tls).start())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("--model shared-epoll has no worker pool for --tls-handshake workers");
    }

    @Test
    void withResumptionOffEveryHandshakeIsFull() throws Exception {
        for (var model : List.of(ModelKind.SINGLE_REACTOR, ModelKind.VIRTUAL_THREADS)) {
            var tls = TlsConfig.builder(TestTls.KEYS.context()).resumption(false).build();
            try (var s = start(model, tls)) {
                connectTwiceEach(s.port());
                assertThat(s.stats().tls().handshakes()).as(model.cliName()).isEqualTo(4);
                assertThat(s.stats().tls().resumed()).as(model.cliName()).isZero();
            }
        }
    }

    @Test
    void statsAndMetricsCountHandshakes() throws Exception {
        var tls = TlsConfig.builder(TestTls.KEYS.context()).handshake(TlsHandshake.WORKERS).build();
        try (var s = start(ModelKind.REACTOR_WORKERS, tls)) {
            connectTwiceEach(s.port());
            try (var garbage = TestTls.plain(s.port())) {
                garbage.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                garbage.getInputStream().readAllBytes();
            } catch (IOException reset) {
                // closed with a reset: counted all the same
            }
            var admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var base = "http://127.0.0.1:" + s.adminPort();
            var stats = admin.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(stats).contains("\"tls\":{\"handshakes\":4,\"resumed\":2,\"failed\":1,")
                    .contains("\"handshakeMode\":\"workers\"");
            var metrics = admin.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("shardloop_tls_handshakes_total{handshake=\"workers\",result=\"full\"} 2")
                    .contains("shardloop_tls_handshakes_total{handshake=\"workers\",result=\"resumed\"} 2")
                    .contains("shardloop_tls_handshakes_total{handshake=\"workers\",result=\"failed\"} 1")
                    .contains("shardloop_tls_handshake_seconds_total").contains("shardloop_tls_handshake_task_seconds_total");
        }
    }
}
