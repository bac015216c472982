package io.shardloop.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example end to end: its price service in a process of its own, a real server, real HTTP calls. */
class DownstreamAppTest {

    @Test
    void answersThroughItsOwnDownstreamProcessAndStopsIt() throws Exception {
        var before = priceServices();
        var app = new DownstreamApp();
        app.start();
        var started = priceServices();
        started.removeAll(before);
        assertThat(started).as("one price service started as a child of this JVM").hasSize(1);
        var service = started.getFirst();
        var server = HttpServer.builder().model(ModelKind.VIRTUAL_THREADS).port(0).router(app.routes()).start();
        try (var client = HttpClient.newHttpClient(); var pool = Executors.newFixedThreadPool(16)) {
            var calls = new ArrayList<Callable<HttpResponse<String>>>();
            for (int i = 0; i < 64; i++) {
                var uri = URI.create("http://127.0.0.1:" + server.port() + "/quote/" + i);
                calls.add(() -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            long t0 = System.nanoTime();
            var answers = pool.invokeAll(calls);
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
            for (int i = 0; i < answers.size(); i++) {
                var r = answers.get(i).get();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).startsWith("{\"id\":\"" + i + "\",\"quote\":{\"price\":").endsWith("}}");
            }
            // 64 calls of 5 ms each, 16 at a time: at least 4 rounds of the downstream's wait
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(4L * DownstreamApp.DOWNSTREAM_MILLIS);
        } finally {
            server.shutdown(Duration.ofSeconds(2));
            app.stop();
        }
        assertThat(service.onExit().get(5, TimeUnit.SECONDS).isAlive()).as("stop ends the price service").isFalse();
    }

    @Test
    void theServiceGoesOnTheLoadGeneratorsCpusWhenTheLabNamesThem() {
        var pinned = DownstreamApp.priceServiceCommand("1");
        var plain = DownstreamApp.priceServiceCommand(null);
        assertThat(plain.getFirst()).doesNotEndWith("taskset");
        assertThat(plain).endsWith(PriceService.class.getName(), Integer.toString(DownstreamApp.DOWNSTREAM_MILLIS));
        if (DownstreamApp.onPath("taskset")) {
            assertThat(pinned.subList(0, 3)).containsExactly("taskset", "-c", "1");
            assertThat(pinned.subList(3, pinned.size())).isEqualTo(plain);
        } else {
            assertThat(pinned).isEqualTo(plain);
        }
        assertThat(DownstreamApp.priceServiceCommand("  ")).isEqualTo(plain);
    }

    private static List<ProcessHandle> priceServices() {
        return new ArrayList<>(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(PriceService.class.getName()))
                .toList());
    }
}
