package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin listener over real sockets, next to a running data server. */
class AdminServerTest {

    private final ArrayList<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (var c : open.reversed()) {
            c.close();
        }
    }

    private Server dataServer() {
        var config = ServerConfig.builder().port(0).model(ModelKind.REACTOR_WORKERS).workers(2)
                .executor(ExecutorKind.WORK_STEALING).build();
        var router = Router.builder().get("/hello", r -> Response.text("hello\n")).build();
        var server = Servers.start(config, () -> new HttpCodec(HttpLimits.defaults()), new EndpointHandler(router));
        open.add(server);
        return server;
    }

    @Test
    void servesHealthMetricsStatsAndThreadsOnItsOwnLoop() throws Exception {
        var data = dataServer();
        var watchdog = new StallWatchdog();
        open.add(watchdog);
        var admin = AdminServer.start("127.0.0.1", 0, data::stats, watchdog);
        open.add(admin);
        assertThat(RawHttp.get(data.port(), "/hello").status()).isEqualTo(200);

        var health = RawHttp.get(admin.port(), "/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("ok\n");

        var metrics = RawHttp.get(admin.port(), "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(PrometheusTextGrammar.problems(metrics.text())).as(metrics.text()).isEmpty();
        assertThat(metrics.text()).contains("shardloop_executor_tasks_completed_total{executor=\"work-stealing\"}")
                .contains("loop=\"shardloop-admin\",role=\"admin\"");

        try (var client = new RawHttp(admin.port())) { // keep-alive: two readings on one connection
            client.fetch("/stats");
            var stats = client.fetch("/stats");
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.contentType()).isEqualTo("application/json");
            var tree = new ObjectMapper().readTree(stats.text());
            assertThat(tree.get("model").asText()).isEqualTo("reactor-workers");
            assertThat(tree.get("executor").get("kind").asText()).isEqualTo("work-stealing");
            assertThat(tree.get("executor").get("tasksCompleted").asLong()).isGreaterThanOrEqualTo(1);
            var loops = new ArrayList<String>();
            tree.get("loops").forEach(l -> loops.add(l.get("name").asText() + "/" + l.get("role").asText()));
            assertThat(loops).containsExactly("shardloop-loop-0/loop", "shardloop-admin/admin");
            var roles = new ArrayList<String>();
            tree.get("threads").forEach(t -> roles.add(t.get("name").asText() + "/" + t.get("role").asText()));
            assertThat(roles).contains("shardloop-admin/admin", "shardloop-loop-/loop", "shardloop-watch/other");
        }

        var dump = RawHttp.get(admin.port(), "/threads");
        assertThat(dump.status()).isEqualTo(200);
        assertThat(dump.text()).contains("\"shardloop-admin\"").contains("\"shardloop-loop-0\"")
                .contains("\"shardloop-worker-0\"");

        assertThat(RawHttp.get(admin.port(), "/nothing").status()).isEqualTo(404);
        assertThat(RawHttp.get(admin.port(), "/health").status()).as("still up after a 404").isEqualTo(200);
    }

    @Test
    void isolationOffServesHealthAndStatsOnTheDataPort() throws Exception {
        var endpoints = new AdminEndpoints(() -> new io.shardloop.stats.ServerStats("single-reactor", 0,
                java.util.List.of(), null, 0, 0, 0, "epoll"), null);
        var router = Router.builder().get("/hello", r -> Response.text("hello\n")).build();
        var config = ServerConfig.builder().port(0).model(ModelKind.SINGLE_REACTOR).build();
        var data = Servers.start(config, () -> new HttpCodec(HttpLimits.defaults()),
                new EndpointHandler(endpoints.overlay(router)));
        open.add(data);
        assertThat(RawHttp.get(data.port(), "/hello").text()).isEqualTo("hello\n");
        assertThat(RawHttp.get(data.port(), "/health").text()).isEqualTo("ok\n");
        assertThat(RawHttp.get(data.port(), "/stats").text()).contains("\"threads\"");
        assertThat(RawHttp.get(data.port(), "/metrics").status()).isEqualTo(404);
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        var first = AdminServer.start("127.0.0.1", 0, () -> null, null);
        open.add(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminServer.start("127.0.0.1", first.port(), () -> null, null))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(":" + first.port());
    }
}
