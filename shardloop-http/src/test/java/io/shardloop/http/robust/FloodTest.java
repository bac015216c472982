package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ThreadRole;
import io.shardloop.stats.ThreadSample;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connection flood past the descriptor limit: {@code shardloop serve} runs in its own JVM under
 * {@code ulimit -n 256}; {@value #FLOOD} connections arrive and stay. The server neither dies nor spins: the
 * threads that accept use little CPU while accept fails with EMFILE (spare descriptor, back-off), read from
 * /proc/PID/task/TID/stat. When the flood ends, service resumes. Every model.
 */
@Timeout(120)
@Tag("slow")
class FloodTest {

    static final int FD_LIMIT = 256;
    static final int FLOOD = 600;
    /** CPU of an accepting thread during the flood, in cores: a spinning acceptor would show about 1.0. */
    static final double MAX_ACCEPTOR_CORES = 0.5;

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void aFloodPastTheDescriptorLimitNeitherKillsNorSpinsAndServiceResumes(ModelKind model, TransportKind transport) throws Exception {
        try (var child = ChildServer.start(FD_LIMIT, List.of("-Xmx128m", "-XX:+UseSerialGC", "-Xss256k"),
                List.of("--protocol", "http", "--model", model.cliName(), "--transport", transport.cliName(), "--threads", "2", "--workers", "2"))) {
            assertThat(HttpProbe.get(child.port(), "/plaintext")).as("serves before the flood").isEqualTo(200);
            var flood = new ArrayList<SocketChannel>(FLOOD);
            try {
                for (int i = 0; i < FLOOD; i++) {
                    flood.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", child.port())));
                }
                Thread.sleep(500); // the server accepts until it runs out of descriptors
                int fdsAtPeak = child.openDescriptors();
                var before = ProcSampler.sample(child.pid());
                Thread.sleep(1_000);
                var after = ProcSampler.sample(child.pid());
                double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
                Map<String, Double> cores = acceptorCores(before.threads(), after.threads(), seconds);
                double process = (after.userTicks() + after.systemTicks() - before.userTicks() - before.systemTicks())
                        / (double) ProcSampler.clockTicksPerSecond() / seconds;
                System.out.printf("flood %s: %d connections on ulimit -n %d: %d descriptors open, process %.2f cores, "
                        + "accepting threads %s%n", model, FLOOD, FD_LIMIT, fdsAtPeak, process, cores);
                assertThat(child.alive()).as("server alive during the flood").isTrue();
                assertThat(fdsAtPeak).as("descriptors in use at the peak").isLessThanOrEqualTo(FD_LIMIT);
                assertThat(cores).as("threads that accept").isNotEmpty();
                assertThat(cores.values()).as("CPU of each accepting thread, cores")
                        .allSatisfy(c -> assertThat(c).isLessThan(MAX_ACCEPTOR_CORES));
            } finally {
                for (var ch : flood) {
                    ch.close();
                }
            }
            // the flood is over: service resumes
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && (status = HttpProbe.get(child.port(), "/plaintext")) != 200) {
                Thread.sleep(100);
            }
            assertThat(status).as("serves after the flood").isEqualTo(200);
            assertThat(child.alive()).isTrue();
        }
    }

    /** CPU in cores of each thread that accepts (acceptor, main loop, or the loops that own a listener). */
    static Map<String, Double> acceptorCores(List<ThreadSample> before, List<ThreadSample> after, double seconds) {
        var start = before.stream().collect(Collectors.toMap(ThreadSample::tid, t -> t));
        double hz = ProcSampler.clockTicksPerSecond();
        return after.stream()
                .filter(t -> t.role() == ThreadRole.ACCEPT || t.role() == ThreadRole.MAIN || t.role() == ThreadRole.LOOP)
                .filter(t -> start.containsKey(t.tid()))
                .collect(Collectors.toMap(t -> t.name() + "/" + t.tid(), t -> {
                    var s = start.get(t.tid());
                    long ticks = t.userTicks() + t.systemTicks() - s.userTicks() - s.systemTicks();
                    return Math.round(ticks / hz / seconds * 100) / 100.0;
                }));
    }

    /** One GET on a fresh connection: its status, or 0 when the connection failed. */
    static final class HttpProbe {
        static int get(int port, String path) {
            try (var c = new RawHttp(port, Duration.ofSeconds(5))) {
                c.send(RawHttp.get(path));
                return c.read().status();
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
