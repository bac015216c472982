package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Main-sub on epoll hands a socket over by adding it to the sub-loop's epoll set from the main loop, without a task
 * or a wake-up, and the sub-loop adopts it at its first event: many clients at once are all served with no task per
 * connection and no descriptor left behind; a client that connects and says nothing is still adopted (by the sweep)
 * and timed out; a server stopped with such clients waiting closes them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainSubHandOffTest {
    private static final int CLIENTS = 8;
    private static final int CONNECTIONS_EACH = 250;

    @Test
    void shortConnectionsFromManyThreadsAreServedWithoutATaskEach() throws Exception {
        int fdsBefore = TestSockets.openDescriptors();
        try (var server = start(TransportConfig.defaults()); var pool = Executors.newFixedThreadPool(CLIENTS)) {
            var clients = new ArrayList<Callable<Integer>>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(() -> {
                    int served = 0;
                    for (int i = 0; i < CONNECTIONS_EACH; i++) {
                        try (var ch = TestSockets.connect(server.port())) {
                            var text = "c" + client + "-" + i;
                            write(ch, text);
                            assertThat(TestSockets.readExactly(ch, text.length())).asString().isEqualTo(text);
                            served++;
                        }
                    }
                    return served;
                });
            }
            int total = 0;
            for (var f : pool.invokeAll(clients)) {
                total += f.get();
            }
            int served = total;
            assertThat(served).isEqualTo(CLIENTS * CONNECTIONS_EACH);
            var subs = server.stats().loops().stream().filter(l -> l.role().equals("sub")).toList();
            assertThat(subs.stream().mapToLong(LoopStats::connectionsAccepted).sum()).isEqualTo(served);
            // the task path would run one task per connection; what is left is the sweeps and timers
            assertThat(subs.stream().mapToLong(LoopStats::tasks).sum()).as("tasks on the sub-loops")
                    .isLessThan(served / 10);
            assertThat(subs).allSatisfy(l -> assertThat(l.connectionsAccepted()).isGreaterThan(served / 4));
        }
        awaitDescriptors(fdsBefore);
    }

    @Test
    void aClientThatSaysNothingIsAdoptedAndTimedOut() throws Exception {
        var idle = Duration.ofMillis(300);
        try (var server = start(TransportConfig.defaults().withTimeouts(idle, Duration.ofSeconds(10)));
             var silent = TestSockets.connect(server.port())) {
            long t0 = System.nanoTime();
            // no event will bring it: only the sweep adopts it, and only then does its idle timer run
            assertThat(TestSockets.readToEof(silent)).as("nothing, then the server's close").isEmpty();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(millis).isBetween(idle.toMillis(), idle.toMillis() + 2_000);
            try (var speaker = TestSockets.connect(server.port())) {
                write(speaker, "still serving");
                assertThat(TestSockets.readExactly(speaker, 13)).asString().isEqualTo("still serving");
            }
        }
    }

    @Test
    void stoppingClosesSocketsHandedInAndNotAdopted() throws Exception {
        int fdsBefore = TestSockets.openDescriptors();
        var silent = new ArrayList<SocketChannel>();
        try {
            try (var server = start(TransportConfig.defaults())) {
                for (int i = 0; i < 20; i++) {
                    silent.add(TestSockets.connect(server.port()));
                }
                try (var speaker = TestSockets.connect(server.port())) { // the silent ones were accepted before it
                    write(speaker, "x");
                    TestSockets.readExactly(speaker, 1);
                }
            }
            for (var ch : silent) {
                assertThat(TestSockets.readToEof(ch)).as("nothing, then the end").isEmpty();
            }
        } finally {
            for (var ch : silent) {
                ch.close();
            }
        }
        awaitDescriptors(fdsBefore);
    }

    private static Server start(TransportConfig transport) throws Exception {
        var config = ServerConfig.builder().port(0).model(ModelKind.MAIN_SUB).threads(2).transport(TransportKind.EPOLL)
                .transport(transport).build();
        return Servers.start(config, StreamEchoCodec::new, EchoHandler.INSTANCE);
    }

    private static void write(SocketChannel ch, String text) throws Exception {
        var b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The process's descriptors back to {@code before} (a few of the JVM's own may come and go). */
    private static void awaitDescriptors(int before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int now;
        while ((now = TestSockets.openDescriptors()) > before + 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(now).as("open descriptors after, against %d before", before).isLessThanOrEqualTo(before + 5);
    }
}
