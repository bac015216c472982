package io.shardloop.model;

import static io.shardloop.model.TestSockets.connect;
import static io.shardloop.model.TestSockets.frame;
import static io.shardloop.model.TestSockets.payload;
import static io.shardloop.model.TestSockets.readExactly;
import static io.shardloop.model.TestSockets.writeSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.EchoMessage;
import io.shardloop.codec.echo.FrameEchoCodec;
import io.shardloop.model.internal.SharedEpollModel;
import io.shardloop.nativeio.Libc;
import io.shardloop.server.Servers;
import io.shardloop.transport.TransportKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** shared-epoll under many threads at once: the turn keeps one thread per connection and the replies in order. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedEpollTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    private Server start(int threads, io.shardloop.codec.CodecFactory<EchoMessage, EchoMessage> codecs) {
        assumeTrue(Libc.AVAILABLE, "epoll cannot run here");
        server = Servers.start(ServerConfig.builder().port(0).model(ModelKind.SHARED_EPOLL).threads(threads)
                .transport(TransportKind.EPOLL).build(), codecs, EchoHandler.INSTANCE);
        return server;
    }

    @Test
    void onJavaNioItIsRefusedWithOneLine() {
        assertThatThrownBy(() -> Servers.start(ServerConfig.builder().port(0).model(ModelKind.SHARED_EPOLL)
                .transport(TransportKind.NIO).build(), FrameEchoCodec::new, EchoHandler.INSTANCE))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(SharedEpollModel.NEEDS_EPOLL);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void manyPipeliningClientsGetEveryReplyInOrderFromOneThreadAtATime(int threads) throws Exception {
        var codecs = new CopyOnWriteArrayList<TurnCheckingCodec>();
        var s = start(threads, () -> {
            var c = new TurnCheckingCodec();
            codecs.add(c);
            return c;
        });
        int clients = 16;
        int connectionsEach = 4;
        int rounds = 20;
        int perRound = 25;
        var sent = new AtomicLong();
        var failures = new CopyOnWriteArrayList<Throwable>();
        var workers = new Thread[clients];
        for (int w = 0; w < clients; w++) {
            int id = w;
            workers[w] = Thread.ofPlatform().name("client-" + w).start(() -> {
                try {
                    var rnd = new Random(id);
                    var chs = new java.nio.channels.SocketChannel[connectionsEach];
                    for (int k = 0; k < connectionsEach; k++) {
                        chs[k] = connect(s.port());
                    }
                    int seq = 0;
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < connectionsEach; k++) {
                            int conn = id * connectionsEach + k;
                            var burst = new ByteArrayOutputStream();
                            for (int m = 0; m < perRound; m++) {
                                burst.write(frame(payload(rnd, conn, seq + m, 8 + rnd.nextInt(200))));
                            }
                            byte[] bytes = burst.toByteArray();
                            writeSplit(chs[k], bytes, rnd, 700); // pipelined, split at random points
                            var b = ByteBuffer.wrap(readExactly(chs[k], bytes.length));
                            for (int m = 0; m < perRound; m++) {
                                int len = b.getInt();
                                assertThat(b.getInt(b.position())).as("connection").isEqualTo(conn);
                                assertThat(b.getInt(b.position() + 4)).as("sequence").isEqualTo(seq + m);
                                b.position(b.position() + len);
                            }
                            assertThat(b.array()).isEqualTo(bytes);
                            sent.addAndGet(perRound);
                        }
                        seq += perRound;
                    }
                    for (var ch : chs) {
                        ch.close();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
        }
        for (var w : workers) {
            w.join();
        }
        assertThat(failures).isEmpty();
        assertThat(sent.get()).isEqualTo((long) clients * connectionsEach * rounds * perRound);
        assertThat(s.stats().messages()).as("messages the server counted").isEqualTo(sent.get());
        assertThat(codecs).hasSize(clients * connectionsEach);
        var servedBy = ConcurrentHashMap.<String>newKeySet();
        for (var c : codecs) {
            assertThat(c.mostInside.get()).as("threads inside one connection at once").isEqualTo(1);
            servedBy.addAll(c.threads);
        }
        assertThat(servedBy).allMatch(n -> n.startsWith("shardloop-loop-")).hasSizeLessThanOrEqualTo(threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.stats().connectionsActive() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(s.stats().connectionsActive()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void repliesDeferredToOtherThreadsAllArriveInOrder(int threads) throws Exception {
        assumeTrue(Libc.AVAILABLE, "epoll cannot run here");
        var completers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            io.shardloop.codec.Handler<EchoMessage, EchoMessage> handler = (m, ex) -> {
                if ((m.toByteArray()[7] & 1) == 0) {
                    return m;
                }
                var reply = m.copy();
                var d = ex.defer();
                completers.execute(() -> d.complete(reply)); // the reply comes back through the connection's turn
                return null;
            };
            server = Servers.start(ServerConfig.builder().port(0).model(ModelKind.SHARED_EPOLL).threads(threads)
                    .transport(TransportKind.EPOLL).build(), FrameEchoCodec::new, handler);
            var failures = new CopyOnWriteArrayList<Throwable>();
            var clients = new Thread[16];
            for (int w = 0; w < clients.length; w++) {
                int conn = w;
                clients[w] = Thread.ofPlatform().start(() -> {
                    var rnd = new Random(conn);
                    try (var ch = connect(server.port())) {
                        for (int r = 0; r < 50; r++) {
                            var burst = new ByteArrayOutputStream();
                            for (int m = 0; m < 20; m++) {
                                burst.write(frame(payload(rnd, conn, r * 20 + m, 8 + rnd.nextInt(40))));
                            }
                            byte[] bytes = burst.toByteArray();
                            ch.write(ByteBuffer.wrap(bytes));
                            assertThat(readExactly(ch, bytes.length)).isEqualTo(bytes);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
            for (var c : clients) {
                c.join();
            }
            assertThat(failures).isEmpty();
        } finally {
            completers.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void idleConnectionsTimeOutAndShutdownAnswersWhatItRead(int threads) throws Exception {
        assumeTrue(Libc.AVAILABLE, "epoll cannot run here");
        var later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            io.shardloop.codec.Handler<EchoMessage, EchoMessage> handler = (m, ex) -> {
                var reply = m.copy();
                var d = ex.defer();
                later.schedule(() -> d.complete(reply), 300, TimeUnit.MILLISECONDS); // still owed when the stop begins
                return null;
            };
            server = Servers.start(ServerConfig.builder().port(0).model(ModelKind.SHARED_EPOLL).threads(threads)
                    .transport(io.shardloop.transport.TransportConfig.defaults()
                            .withTimeouts(Duration.ofMillis(300), Duration.ZERO))
                    .transport(TransportKind.EPOLL).build(), FrameEchoCodec::new, handler);
            try (var idle = connect(server.port())) {
                long t0 = System.nanoTime();
                assertThat(TestSockets.readToEof(idle)).as("an idle connection gets nothing, then EOF").isEmpty();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            }
            var req = frame(new byte[] {1, 2, 3, 4});
            try (var busy = connect(server.port())) {
                busy.write(ByteBuffer.wrap(req));
                Thread.sleep(50); // read and dispatched; the reply is owed
                var stopped = java.util.concurrent.CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(5)));
                assertThat(readExactly(busy, req.length)).isEqualTo(req);
                assertThat(TestSockets.readToEof(busy)).as("closed after the reply it owed").isEmpty();
                assertThat(stopped.get(10, TimeUnit.SECONDS)).as("a clean stop").isTrue();
            }
            assertThat(server.stats().connectionsActive()).isZero();
        } finally {
            later.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    @Tag("slow")
    void tenThousandShortConnectionsLeaveDescriptorsAndThreadsFlat(int threads) throws Exception {
        var s = start(threads, FrameEchoCodec::new);
        var req = frame(new byte[] {7, 8, 9});
        Runnable warm = () -> shortOnes(s.port(), req, 200);
        warm.run();
        awaitIdle(s);
        int fdsBefore = TestSockets.openDescriptors();
        int threadsBefore = TestSockets.liveThreads();
        var clients = new Thread[8];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = Thread.ofPlatform().start(() -> shortOnes(s.port(), req, 10_000 / 8));
        }
        for (var c : clients) {
            c.join();
        }
        awaitIdle(s);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((TestSockets.openDescriptors() > fdsBefore || TestSockets.liveThreads() > threadsBefore)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(TestSockets.openDescriptors()).as("open descriptors").isLessThanOrEqualTo(fdsBefore);
        // the JVM may start a housekeeping thread of its own meanwhile; the server's are a fixed pool
        assertThat(TestSockets.liveThreads()).as("live threads").isLessThanOrEqualTo(threadsBefore + 2);
        assertThat(s.stats().loops().stream().mapToLong(l -> l.connectionsAccepted()).sum())
                .isEqualTo(10_000 + 200);
    }

    private static void shortOnes(int port, byte[] req, int n) {
        for (int i = 0; i < n; i++) {
            try (var ch = connect(port)) {
                ch.write(ByteBuffer.wrap(req));
                assertThat(readExactly(ch, req.length)).isEqualTo(req);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void awaitIdle(Server s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.stats().connectionsActive() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(s.stats().connectionsActive()).isZero();
    }
}
