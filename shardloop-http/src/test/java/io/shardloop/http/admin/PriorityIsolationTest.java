package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;
import io.shardloop.testkit.MachineNoise;
import io.shardloop.stats.ServerStats;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's priority isolation: the data port saturated by clients of a CPU-burning handler on one loop;
 * /health on the isolated admin loop keeps answering within milliseconds, while /health served by the data
 * loop itself (isolation off) queues behind the load. Bounded: ~2 s of load per case.
 */
@Tag("slow")
class PriorityIsolationTest {

    private static final int LOAD_CLIENTS = 4;
    private static final long BURN_NANOS = TimeUnit.MILLISECONDS.toNanos(4);
    private static final long PROBE_MILLIS = 2_000;

    @Test
    void healthStaysFastOnTheAdminLoopAndQueuesWithoutIsolation() throws Exception {
        var noise = MachineNoise.start();
        var isolated = run(true);
        for (int attempt = 2; attempt <= 3 && isolated.p99Millis() >= 10.0; attempt++) {
            // a shared 2-core machine can stall any thread for a few ms: a bad run is retried
            System.out.printf("isolated /health P99 %.2f ms on a noisy machine (%s): measuring again (%d of 3)%n",
                    isolated.p99Millis(), noise, attempt);
            noise = MachineNoise.start();
            isolated = run(true);
        }
        boolean judged = isolated.p99Millis() < 10.0 || !noise.tooNoisy();
        var shared = run(false);
        System.out.printf("/health P99 under load: isolated %.2f ms (max %.2f, %d probes, %d load requests); "
                        + "on the data loop %.2f ms (max %.2f, %d probes, %d load requests)%n",
                isolated.p99Millis(), isolated.maxMillis(), isolated.probes(), isolated.loadRequests(),
                shared.p99Millis(), shared.maxMillis(), shared.probes(), shared.loadRequests());
        assertThat(isolated.loadRequests()).as("the data port was under load").isGreaterThan(50);
        assertThat(shared.loadRequests()).isGreaterThan(50);
        // excused only when the machine spoiled the measurement (it says so), never loosened
        org.junit.jupiter.api.Assumptions.assumeTrue(judged, "isolated /health P99 " + isolated.p99Millis()
                + " ms not judged: " + noise);
        assertThat(isolated.p99Millis()).as("isolated /health P99 (ms)").isLessThan(10.0);
        // without isolation a probe waits for the loop to finish the burning requests ahead of it
        assertThat(shared.p99Millis()).as("shared /health P99 (ms), vs isolated %.2f", isolated.p99Millis())
                .isGreaterThan(Math.max(3 * isolated.p99Millis(), BURN_NANOS / 1e6));
    }

    record Outcome(double p99Millis, double maxMillis, long probes, long loadRequests) {
    }

    private static Outcome run(boolean isolation) throws Exception {
        var stats = new ServerStats("single-reactor", 0, java.util.List.of(), null, 0, 0, 0, "epoll");
        var endpoints = new AdminEndpoints(() -> stats, null);
        var router = Router.builder().get("/burn", r -> {
            burn(BURN_NANOS);
            return Response.text("burnt\n");
        }).build();
        var handler = new EndpointHandler(isolation ? router : endpoints.overlay(router));
        var config = ServerConfig.builder().port(0).model(ModelKind.SINGLE_REACTOR).build();
        Server data = Servers.start(config, () -> new HttpCodec(HttpLimits.defaults()), handler);
        AdminServer admin = isolation ? AdminServer.start("127.0.0.1", 0, () -> stats, null) : null;
        int healthPort = isolation ? admin.port() : data.port();
        var stop = new AtomicBoolean();
        var load = new LongAdder();
        var clients = new ArrayList<Thread>();
        try {
            for (int i = 0; i < LOAD_CLIENTS; i++) {
                clients.add(Thread.ofPlatform().name("load-client-" + i).start(() -> {
                    try (var c = new RawHttp(data.port())) {
                        while (!stop.get()) {
                            c.fetch("/burn");
                            load.increment();
                        }
                    } catch (Exception e) {
                        if (!stop.get()) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            Thread.sleep(200); // let the load build up
            var latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
            try (var probe = new RawHttp(healthPort)) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    var reply = probe.fetch("/health");
                    latency.recordValue(System.nanoTime() - t0);
                    assertThat(reply.status()).isEqualTo(200);
                    Thread.sleep(2);
                }
            }
            stop.set(true);
            return new Outcome(latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6,
                    latency.getTotalCount(), load.sum());
        } finally {
            stop.set(true);
            if (admin != null) {
                admin.close();
            }
            data.close();
            for (var t : clients) {
                t.join(10_000);
            }
        }
    }

    private static void burn(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        if (x == 42) {
            System.out.print(""); // keep the loop from being optimised away
        }
    }
}
