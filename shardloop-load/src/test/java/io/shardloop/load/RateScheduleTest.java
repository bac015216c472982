package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.nativeio.Libc;
import io.shardloop.testkit.MachineNoise;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rate mode keeps its schedule (each connection sends at its own due times, none skipped, sends leave on time) and
 * waits for it instead of polling: the load thread's CPU over a low-rate run is a small share of its wall time.
 */
class RateScheduleTest {

    private static LoadSpec.Builder spec(IoKind io, String url, int connections, double rate, long millis) {
        if (io == IoKind.EPOLL) {
            Assumptions.assumeTrue(Libc.AVAILABLE, "epoll needs Linux on x86_64 or aarch64");
        }
        return LoadSpec.builder(url).connections(connections).threads(1).io(io).rate(rate)
                .duration(Duration.ofMillis(millis)).warmup(Duration.ZERO);
    }

    /** Answers each request at once and counts the requests of each connection. */
    private static TinyServer countingServer(Queue<AtomicInteger> perConnection) throws Exception {
        return new TinyServer((s, in, out) -> {
            var count = new AtomicInteger();
            perConnection.add(count);
            while (TinyServer.readHead(in) != null) {
                count.incrementAndGet();
                out.write(TinyServer.ok("ok"));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void everyConnectionSendsOnItsScheduleAndSendsLeaveOnTime(IoKind io) throws Exception {
        var perConnection = new ConcurrentLinkedQueue<AtomicInteger>();
        try (var server = countingServer(perConnection)) {
            var noise = MachineNoise.start();
            int connections = 20;
            double rate = 2000;
            long millis = 1500;
            // the warm-up keeps connects and the first, interpreted sends out of the send-lag figures
            long warmup = 300;
            var r = LoadGenerator.run(spec(io, server.url("/"), connections, rate, millis)
                    .warmup(Duration.ofMillis(warmup)).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.connectionsOpened()).isEqualTo(connections);
            assertThat(perConnection).hasSize(connections);
            // connection g is due at start + g/rate + k * connections/rate: over the run it owes about this many
            double owed = (warmup + millis) / 1000.0 * rate / connections;
            for (var count : perConnection) {
                // never ahead of its schedule (at most the one owed at the very end), and none left behind
                assertThat(count.get()).isLessThanOrEqualTo((int) owed + 1).isGreaterThan((int) (0.9 * owed));
            }
            // sends the warm-up owed but made late (a cold JIT, a busy machine) may land in the measured window:
            // above the rate by at most the warm-up's share, never ahead of the whole schedule
            assertThat(r.achievedRate()).isBetween(0.9 * rate, 1.01 * rate * (warmup + millis) / millis);
            // corrected latency is still from the intended time: never below the uncorrected one
            assertThat(r.latencyHistogram().getTotalCount()).isEqualTo(r.requests());
            assertThat(r.latencyMicros().p50()).isGreaterThanOrEqualTo(r.uncorrectedLatencyMicros().p50());
            assertThat(r.latencyMicros().max()).isGreaterThanOrEqualTo(r.uncorrectedLatencyMicros().max());
            var lag = r.sendLagHistogram();
            assertThat(lag.getTotalCount()).isGreaterThan((long) (0.9 * rate * millis / 1000));
            System.out.printf("%s: send lag p50 %d us, p99 %d us, max %d us (%s)%n", io,
                    lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), lag.getMaxValue(), noise);
            // a send waits for its time (at most the 100 µs coalescing window late), not for the next millisecond tick
            assertThat(lag.getValueAtPercentile(50)).isLessThan(500);
            // the tail is the machine's (this JVM's JIT and the test server share two CPUs): judged only against
            // what a broken schedule would show, a send held until the loop's 10 ms sweep
            if (lag.getValueAtPercentile(99) >= 5000) {
                Assumptions.assumeFalse(noise.tooNoisy(), "machine too noisy (" + noise + "): send lag P99 "
                        + lag.getValueAtPercentile(99) + " us not judged");
            }
            assertThat(lag.getValueAtPercentile(99)).isLessThan(5000);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void aLowRateRunWaitsInsteadOfSpinning(IoKind io) throws Exception {
        var perConnection = new ConcurrentLinkedQueue<AtomicInteger>();
        try (var server = countingServer(perConnection)) {
            // 1,000 req/s: a send due every millisecond, so a loop that polls within a millisecond of a due send
            // (what it did before) never sleeps at all
            var r = LoadGenerator.run(spec(io, server.url("/"), 10, 1000, 1500).build());
            Assumptions.assumeTrue(r.loopCpuShare() >= 0, "this JVM cannot measure a thread's CPU time");
            Assumptions.assumeTrue(r.achievedRate() > 900, "the machine did not let the run keep its rate ("
                    + r.achievedRate() + " req/s): CPU share " + r.loopCpuShare() + " not judged");
            System.out.printf("%s: load thread CPU %.1f%% of its wall time at 1,000 req/s%n", io,
                    100 * r.loopCpuShare());
            assertThat(r.errors().total()).isZero();
            assertThat(r.loopCpuShare()).isLessThan(0.25);
        }
    }
}
