package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.testkit.RawHttp;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.exec.WorkerExecutors;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.testkit.MachineNoise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded waiting through the server (issue 16): a route whose handler chains continuations on the executor that
 * runs it keeps every worker busy, while other clients request {@code /plaintext}; their P99 stays within a bound
 * on every executor. Before the fix, work stealing answered them only once the chains stopped.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerFairnessHttpTest {

    private static final int WORKERS = 2;
    private static final int CLIENTS = 3;
    private static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_500);
    /** The chains stop by themselves after this, so a starving executor fails the bound instead of hanging. */
    private static final long CHAIN_LIFE_NANOS = TimeUnit.SECONDS.toNanos(6);
    /**
     * A /plaintext request waits behind at most one cadence of chain links (32 links of ~5 µs, or 200 µs) per task
     * queued ahead of it; 50 ms leaves room for a shared 2-core machine and is far below a starved request's wait
     * (the chains' whole life).
     */
    private static final double P99_BOUND_MILLIS = 50;
    /** Noise may excuse a P99 over the bound, never one this long: starvation shows as waits of the chains' life. */
    private static final double NEVER_NOISE_MILLIS = 1_000;

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)));
    }

    static Stream<Arguments> cases() {
        return Stream.of(ModelKind.REACTOR_WORKERS, ModelKind.MAIN_SUB_WORKERS)
                .flatMap(m -> Arrays.stream(ExecutorKind.values()).map(e -> Arguments.of(m, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void plaintextP99StaysBoundedWhileAHandlerChainsContinuations(ModelKind model, ExecutorKind executor)
            throws Exception {
        var stopChains = new AtomicBoolean();
        var chainsStarted = new CountDownLatch(WORKERS);
        var router = BenchmarkEndpoints.install(Router.builder())
                .getAsync("/chain", r -> {
                    var reply = new CompletableFuture<Response>();
                    var on = WorkerExecutors.current().orElseThrow();
                    on.execute(new Continuation(on, stopChains, System.nanoTime() + CHAIN_LIFE_NANOS, reply, 1));
                    chainsStarted.countDown();
                    return reply;
                })
                .build();
        var server = HttpServer.builder().model(model).threads(2).workers(WORKERS).executor(executor).port(0)
                .router(router).start();
        servers.add(server);

        var chainClients = new ArrayList<RawHttp>();
        for (int i = 0; i < WORKERS; i++) { // one chain per worker: every worker has local work for ever
            chainClients.add(RawHttp.connect(server.port()).send(get("/chain")));
        }
        assertThat(chainsStarted.await(30, TimeUnit.SECONDS)).as("every chain started").isTrue();

        var noise = MachineNoise.start();
        var latencies = new long[CLIENTS][];
        var clients = new ArrayList<Thread>();
        for (int c = 0; c < CLIENTS; c++) {
            int id = c;
            clients.add(Thread.ofPlatform().name("plaintext-client-" + c).start(() -> latencies[id] =
                    plaintextLoop(server.port())));
        }
        for (var t : clients) {
            t.join();
        }
        stopChains.set(true);
        for (var c : chainClients) {
            var reply = c.read();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).startsWith("links ");
            c.close();
        }

        var all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        assertThat(all).as("plaintext replies").isNotEmpty();
        double p99 = all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6;
        double max = all[all.length - 1] / 1e6;
        System.out.printf("%s %s: /plaintext beside chains: %d requests, P99 %.2f ms, max %.2f ms (%s)%n",
                model, executor, all.length, p99, max, noise);
        assumeTrue(p99 <= P99_BOUND_MILLIS || !noise.tooNoisy() || p99 >= NEVER_NOISE_MILLIS,
                "P99 " + p99 + " ms not judged: " + noise);
        assertThat(p99).as("%s %s /plaintext P99 ms beside chaining handlers", model, executor)
                .isLessThanOrEqualTo(P99_BOUND_MILLIS);
    }

    /** Keep-alive GET /plaintext, one at a time, for the measuring window; each round trip in nanoseconds. */
    private static long[] plaintextLoop(int port) {
        var out = new long[100_000];
        int n = 0;
        try (var c = RawHttp.connect(port)) {
            long end = System.nanoTime() + MEASURE_NANOS;
            while (n < out.length && System.nanoTime() < end) {
                long t0 = System.nanoTime();
                var reply = c.send(get("/plaintext")).read();
                out[n++] = System.nanoTime() - t0;
                if (reply.status() != 200) {
                    throw new AssertionError("status " + reply.status());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Arrays.copyOf(out, n);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    /** One link of a handler's continuation chain: a little work, then the next link on the same executor. */
    private record Continuation(WorkerExecutor on, AtomicBoolean stop, long deadlineNanos,
            CompletableFuture<Response> reply, long link) implements Runnable {
        @Override
        public void run() {
            long until = System.nanoTime() + 5_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // ~5 µs of work per link
            }
            if (stop.get() || System.nanoTime() > deadlineNanos) {
                reply.complete(Response.text("links " + link));
            } else {
                on.execute(new Continuation(on, stop, deadlineNanos, reply, link + 1));
            }
        }
    }
}
