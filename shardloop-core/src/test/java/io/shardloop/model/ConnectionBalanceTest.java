package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.nativeio.Libc;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportKind;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** main-sub's choice of sub-loop and shared-nothing's choice of listener, observed in the per-loop counters. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionBalanceTest {
    private static final int LONG_LIVED = 8;

    /**
     * Each long-lived connection is followed by one that closes at once: in turn, every long one lands on the same
     * sub-loop; by least connections they spread evenly.
     */
    @ParameterizedTest
    @EnumSource(SubLoopChoice.class)
    void leastConnectionsEvensOutLoopsThatRoundRobinLeavesLopsided(SubLoopChoice choice) throws Exception {
        var config = ServerConfig.builder().port(0).model(ModelKind.MAIN_SUB).threads(2).subLoopChoice(choice).build();
        try (var server = Servers.start(config, StreamEchoCodec::new, EchoHandler.INSTANCE)) {
            var kept = new ArrayList<SocketChannel>();
            try {
                for (int i = 0; i < LONG_LIVED; i++) {
                    kept.add(echoed(server.port()));
                    echoed(server.port()).close();
                    awaitActive(server, i + 1);
                }
                var active = subLoops(server).stream().map(LoopStats::connectionsActive).toList();
                if (choice == SubLoopChoice.ROUND_ROBIN) {
                    assertThat(active).as("active connections per sub-loop").containsExactlyInAnyOrder(LONG_LIVED, 0);
                } else {
                    assertThat(active).as("active connections per sub-loop")
                            .containsExactly(LONG_LIVED / 2, LONG_LIVED / 2);
                }
            } finally {
                for (var c : kept) {
                    c.close();
                }
            }
        }
    }

    /** On loopback the SYN is handled on the client's CPU, so a client pinned to CPU c lands on listener c % 2. */
    @Test
    void cpuBalanceSendsEachConnectionToTheListenerOfTheCpuThatTookItsSyn() throws Exception {
        Assumptions.assumeTrue(Libc.AVAILABLE, "the epoll transport runs here");
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "two CPUs to pin clients to");
        Assumptions.assumeTrue(new ProcessBuilder("taskset", "-c", "0", "true").start().waitFor() == 0, "taskset");
        var config = ServerConfig.builder().port(0).model(ModelKind.SHARED_NOTHING).threads(2)
                .transport(TransportKind.EPOLL).reuseportBalance(ReuseportBalance.CPU).build();
        try (var server = Servers.start(config, StreamEchoCodec::new, EchoHandler.INSTANCE)) {
            for (int cpu = 0; cpu < 2; cpu++) {
                var before = accepted(server);
                for (int i = 0; i < 5; i++) {
                    pinnedEcho(cpu, server.port());
                }
                var after = accepted(server);
                assertThat(after.get(cpu) - before.get(cpu)).as("connections on loop %d from CPU %d", cpu, cpu)
                        .isEqualTo(5);
                assertThat(after.get(1 - cpu) - before.get(1 - cpu)).as("on the other loop").isZero();
            }
        }
    }

    @Test
    void cpuBalanceOnJavaNioIsRefusedAtStart() {
        var config = ServerConfig.builder().port(0).model(ModelKind.SHARED_NOTHING).threads(2)
                .transport(TransportKind.NIO).reuseportBalance(ReuseportBalance.CPU).build();
        assertThatThrownBy(() -> Servers.start(config, StreamEchoCodec::new, EchoHandler.INSTANCE))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("epoll");
    }

    private static SocketChannel echoed(int port) throws Exception {
        var ch = TestSockets.connect(port);
        ch.write(ByteBuffer.wrap(new byte[] {42}));
        assertThat(TestSockets.readExactly(ch, 1)).containsExactly(42);
        return ch;
    }

    /** One echo exchange from a process pinned to {@code cpu} (bash's /dev/tcp: the connect runs on that CPU). */
    private static void pinnedEcho(int cpu, int port) throws Exception {
        var p = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + port + "; printf ping >&3; head -c 4 <&3").redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ping");
    }

    private static List<Long> accepted(Server server) {
        return server.stats().loops().stream().map(LoopStats::connectionsAccepted).toList();
    }

    private static List<LoopStats> subLoops(Server server) {
        return server.stats().loops().stream().filter(l -> l.role().equals("sub")).toList();
    }

    private static void awaitActive(Server server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (subLoops(server).stream().mapToInt(LoopStats::connectionsActive).sum() != expected
                && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(subLoops(server).stream().mapToInt(LoopStats::connectionsActive).sum()).isEqualTo(expected);
    }
}
