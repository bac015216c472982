package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.load.LoadGenerator;
import io.shardloop.load.LoadResult;
import io.shardloop.load.LoadSpec;
import io.shardloop.model.ModelKind;
import io.shardloop.testkit.MachineNoise;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slowloris: {@value #SLOW} connections each send one header byte per second and never finish (closed ones are
 * reopened, as an attacker would). Meanwhile 50 keep-alive clients of the load generator (2,000 requests/s in
 * all, latency from the intended send time) keep their P99 under 10 ms, and the slow connections are answered
 * 408 and closed at the header timeout, not before. Every model; a 2 s header timeout keeps the test short.
 */
@Timeout(120)
@Tag("slow")
class SlowlorisTest {

    static final int SLOW = 1_000;
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    static final long P99_LIMIT_MICROS = 10_000;
    /** The normal clients' total rate: a fixed rate (open loop), so P99 is the server's, not a queue's we made. */
    static final double NORMAL_RATE = 2_000;

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void slowHeadersDoNotHurtNormalClientsAndGet408AtTheHeaderTimeout(ModelKind model, TransportKind transport) throws Exception {
        var limits = RobustServer.limits().withHeaderTimeout(HEADER_TIMEOUT).withIdleTimeout(Duration.ofSeconds(30));
        String unjudged = null;
        try (var s = RobustServer.start(model, transport, limits, TransportConfig.defaults())) {
            long t0 = System.nanoTime();
            var attacker = new SlowlorisClient(s.port(), SLOW);
            var thread = Thread.ofPlatform().name("slowloris").start(attacker);
            try {
                // the attack is in place once the server holds every slow connection (connection-thread models
                // start a thread for each first)
                FaultTest.awaitValue(s::activeConnections, SLOW, "slow connections held by the server");

                // Up to five tries: harm done by slowloris lasts, a stall from a neighbour on this shared machine
                // does not (with latency from the intended send time, one 100 ms stall fills a P99).
                LoadResult result = null;
                MachineNoise noise = null;
                for (int attempt = 0; attempt < 5; attempt++) {
                    noise = MachineNoise.start();
                    result = measure(s.port());
                    System.out.printf("slowloris %s attempt %d: P99 %d us (%s)%n", model, attempt,
                            result.latencyMicros().p99(), noise);
                    if (result.latencyMicros().p99() < P99_LIMIT_MICROS) {
                        break;
                    }
                }
                System.out.printf("slowloris %s: %d slow connections; 50 keep-alive clients at %.0f req/s: P50 %d us, "
                                + "P99 %d us, max %d us, errors %d%n", model, SLOW, result.requestsPerSecond(),
                        result.latencyMicros().p50(), result.latencyMicros().p99(), result.latencyMicros().max(),
                        result.errors().total());
                assertThat(result.errors().total()).as("errors of the normal clients").isZero();
                assertThat(result.requests()).as("requests of the normal clients").isPositive();
                // the machine oversubscribed by other processes, or its hypervisor giving our CPUs away, says
                // nothing about us: then the P99 is not judged (the test ends skipped, below), never loosened
                if (result.latencyMicros().p99() >= P99_LIMIT_MICROS && noise.tooNoisy()) {
                    unjudged = "P99 %d us not judged: machine too noisy (%s)".formatted(result.latencyMicros().p99(), noise);
                } else {
                    assertThat(result.latencyMicros().p99()).as("P99 of the normal clients, us")
                            .isLessThan(P99_LIMIT_MICROS);
                }

                // the first generation of slow connections has been answered 408 and closed by now (or soon)
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (attacker.closedWith408.get() + attacker.closedOtherwise.get() < SLOW
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                attacker.stop();
                thread.join();
            }
            System.out.printf("slowloris %s: %d answered 408 and closed, %d closed otherwise, earliest 408 after %d ms, "
                            + "attack lasted %d ms%n", model, attacker.closedWith408.get(), attacker.closedOtherwise.get(),
                    attacker.earliest408Nanos.get() / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
            assertThat(attacker.closedOtherwise.get()).as("slow connections closed without a 408").isZero();
            assertThat(attacker.closedWith408.get()).as("slow connections answered 408").isGreaterThanOrEqualTo(SLOW);
            assertThat(Duration.ofNanos(attacker.earliest408Nanos.get()))
                    .as("no slow connection answered before the header timeout")
                    .isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(50));
            FaultTest.awaitValue(s::activeConnections, 0, "active connections after the attack");
        }
        // everything else was checked; a P99 that could not be judged makes the run a skip, not a pass
        Assumptions.assumeTrue(unjudged == null, unjudged);
    }

    private static LoadResult measure(int port) {
        var spec = LoadSpec.builder("http://127.0.0.1:" + port + "/hello")
                .connections(50).threads(1).rate(NORMAL_RATE)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(5))
                .build();
        return LoadGenerator.run(spec);
    }
}
