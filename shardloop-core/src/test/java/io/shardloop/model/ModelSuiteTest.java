package io.shardloop.model;

import static io.shardloop.model.TestSockets.connect;
import static io.shardloop.model.TestSockets.frame;
import static io.shardloop.model.TestSockets.payload;
import static io.shardloop.model.TestSockets.readExactly;
import static io.shardloop.model.TestSockets.readToEof;
import static io.shardloop.model.TestSockets.writeSplit;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.EchoMessage;
import io.shardloop.codec.echo.FrameEchoCodec;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.model.internal.LoopServer;
import io.shardloop.server.Servers;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import io.shardloop.transport.internal.loop.EventLoop;
import io.shardloop.transport.internal.loop.LoopCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One suite over every threading model, on real sockets on 127.0.0.1 (Netty's SocketTestPermutation idea). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class ModelSuiteTest {
    private final java.util.List<Server> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() {
        for (var s : servers) {
            s.shutdown(Duration.ofSeconds(2));
        }
    }

    private <I, O> Server start(ModelKind model, TransportKind transport, CodecFactory<I, O> codecs,
                                Handler<I, O> handler) {
        return start(model, transport, TransportConfig.defaults(), codecs, handler);
    }

    private <I, O> Server start(ModelKind model, TransportKind transport, TransportConfig t, CodecFactory<I, O> codecs,
                                Handler<I, O> handler) {
        return start(model, transport, ExecutorKind.GLOBAL_QUEUE, t, codecs, handler);
    }

    private <I, O> Server start(ModelKind model, TransportKind transport, ExecutorKind executor, TransportConfig t,
                                CodecFactory<I, O> codecs, Handler<I, O> handler) {
        var s = Servers.start(ServerConfig.builder().port(0).model(model).threads(2).workers(4)
                .executor(executor).transport(t).transport(transport).build(), codecs, handler);
        assertThat(s.transport()).isEqualTo(model.usesLoops() ? transport.cliName() : "nio");
        servers.add(s);
        return s;
    }

    /** Runs {@code body(i)} for i in 0..n on virtual threads and rethrows the first failure. */
    private static void parallel(int n, IoBody body) throws Exception {
        var failures = new CopyOnWriteArrayList<Throwable>();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int id = i;
                ex.submit(() -> {
                    try {
                        body.run(id);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                    return null;
                });
            }
        }
        if (!failures.isEmpty()) {
            var e = new AssertionError(failures.size() + " client(s) failed; first: " + failures.get(0), failures.get(0));
            throw e;
        }
    }

    @FunctionalInterface
    interface IoBody {
        void run(int i) throws Exception;
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void frameEchoIsByteExactFor200ConnectionsWithSplitAndCoalescedWrites(ModelKind model, TransportKind transport) throws Exception {
        var server = start(model, transport, FrameEchoCodec::new, EchoHandler.INSTANCE);
        parallel(200, c -> {
            var rnd = new Random(c);
            var request = new ByteArrayOutputStream();
            int messages = 10 + rnd.nextInt(20);
            for (int m = 0; m < messages; m++) {
                int size = switch (rnd.nextInt(10)) {
                    case 0 -> 1;
                    case 1 -> 8 + rnd.nextInt(16 * 1024);
                    default -> 8 + rnd.nextInt(512);
                };
                byte[] p = size == 1 ? new byte[] {(byte) m} : payload(rnd, c, m, size);
                request.write(frame(p));
            }
            if (c < 3) {
                request.write(frame(payload(rnd, c, messages, 1 << 20))); // 1 MiB frames
            }
            byte[] sent = request.toByteArray();
            try (var ch = connect(server.port())) {
                var reader = Thread.ofVirtual().start(() -> {
                });
                var got = new byte[1][];
                var readFailure = new Throwable[1];
                reader = Thread.ofVirtual().start(() -> {
                    try {
                        got[0] = readExactly(ch, sent.length);
                    } catch (Throwable t) {
                        readFailure[0] = t;
                    }
                });
                writeSplit(ch, sent, rnd, 4096);
                reader.join();
                if (readFailure[0] != null) {
                    throw new AssertionError(readFailure[0]);
                }
                assertThat(Arrays.equals(got[0], sent)).as("echo of connection %d", c).isTrue();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void streamEchoIsByteExact(ModelKind model, TransportKind transport) throws Exception {
        var server = start(model, transport, StreamEchoCodec::new, EchoHandler.INSTANCE);
        parallel(50, c -> {
            var rnd = new Random(1000 + c);
            var sent = new byte[1 + rnd.nextInt(c == 0 ? 1 << 20 : 64 * 1024)];
            rnd.nextBytes(sent);
            try (var ch = connect(server.port())) {
                var got = new byte[1][];
                var reader = Thread.ofVirtual().start(() -> {
                    try {
                        got[0] = readExactly(ch, sent.length);
                    } catch (IOException e) {
                        got[0] = new byte[0];
                    }
                });
                writeSplit(ch, sent, rnd, 8192);
                reader.join();
                assertThat(Arrays.equals(got[0], sent)).as("stream echo of connection %d", c).isTrue();
            }
        });
    }

    /** Wraps a codec to record the threads that decode for it (one codec instance = one connection). */
    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void eachConnectionStaysOnOneThreadAndRepliesLeaveInOrder(ModelKind model, TransportKind transport) throws Exception {
        repliesLeaveInOrderFromOneIoThread(model, transport, ExecutorKind.GLOBAL_QUEUE);
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#workerModelsOnExecutors")
    void workerModelsKeepEachConnectionsReplyOrderOnEveryExecutor(ModelKind model, TransportKind transport,
                                                                 ExecutorKind executor) throws Exception {
        repliesLeaveInOrderFromOneIoThread(model, transport, executor);
    }

    private void repliesLeaveInOrderFromOneIoThread(ModelKind model, TransportKind transport, ExecutorKind executor)
            throws Exception {
        var codecs = new CopyOnWriteArrayList<TurnCheckingCodec>();
        Map<Integer, Set<String>> handlerThreads = new ConcurrentHashMap<>();
        var deferrals = Executors.newSingleThreadScheduledExecutor();
        Handler<EchoMessage, EchoMessage> handler = (m, ex) -> {
            int conn = ByteBuffer.wrap(m.toByteArray()).getInt();
            handlerThreads.computeIfAbsent(conn, k -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            var rnd = ThreadLocalRandom.current();
            if (model.usesWorkers()) {
                Thread.sleep(rnd.nextInt(3)); // workers finish out of order
            }
            if (rnd.nextInt(8) == 0) {
                var reply = m.copy();
                var d = ex.defer();
                deferrals.schedule(() -> d.complete(reply), rnd.nextInt(2), TimeUnit.MILLISECONDS);
                return null;
            }
            return m;
        };
        var server = start(model, transport, executor, TransportConfig.defaults(), () -> {
            var c = new TurnCheckingCodec();
            codecs.add(c);
            return c;
        }, handler);
        try {
            parallel(20, c -> {
                var rnd = new Random(c);
                var request = new ByteArrayOutputStream();
                for (int m = 0; m < 40; m++) {
                    request.write(frame(payload(rnd, c, m, 8 + rnd.nextInt(64))));
                }
                byte[] sent = request.toByteArray();
                try (var ch = connect(server.port())) {
                    writeSplit(ch, sent, rnd, 300); // pipelined: all requests before any reply is read
                    var got = readExactly(ch, sent.length);
                    var b = ByteBuffer.wrap(got);
                    for (int m = 0; m < 40; m++) {
                        int len = b.getInt();
                        assertThat(b.getInt(b.position())).isEqualTo(c);
                        assertThat(b.getInt(b.position() + 4)).as("sequence").isEqualTo(m);
                        b.position(b.position() + len);
                    }
                    assertThat(got).isEqualTo(sent);
                }
            });
        } finally {
            deferrals.shutdownNow();
        }
        assertThat(codecs).hasSize(20);
        for (var c : codecs) {
            assertThat(c.mostInside.get()).as("threads serving one connection at once").isEqualTo(1);
            if (model == ModelKind.SHARED_EPOLL) { // any pool thread serves it, turn by turn
                assertThat(c.threads).allMatch(n -> n.startsWith("shardloop-loop-"));
                continue;
            }
            assertThat(c.threads).as("IO threads of one connection").hasSize(1);
            var name = c.threads.iterator().next();
            assertThat(name).startsWith(model.usesWorkers() || model == ModelKind.SINGLE_REACTOR
                    || model == ModelKind.MAIN_SUB || model == ModelKind.SHARED_NOTHING
                    ? "shardloop-loop-" : "shardloop-conn-");
        }
        if (model == ModelKind.SHARED_EPOLL) {
            var all = new java.util.HashSet<String>();
            handlerThreads.values().forEach(all::addAll);
            assertThat(all).allMatch(n -> n.startsWith("shardloop-loop-"));
        } else if (!model.usesWorkers()) {
            assertThat(handlerThreads).hasSize(20);
            handlerThreads.forEach((conn, threads) -> assertThat(threads).as("handler threads of %d", conn).hasSize(1));
        } else {
            var all = new java.util.HashSet<String>();
            handlerThreads.values().forEach(all::addAll);
            assertThat(all).allMatch(n -> n.startsWith("shardloop-worker-"));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void halfCloseGetsEveryReplyThenEof(ModelKind model, TransportKind transport) throws Exception {
        var server = start(model, transport, FrameEchoCodec::new, EchoHandler.INSTANCE);
        var rnd = new Random(7);
        var request = new ByteArrayOutputStream();
        for (int m = 0; m < 100; m++) {
            request.write(frame(payload(rnd, 1, m, 100)));
        }
        byte[] sent = request.toByteArray();
        try (var ch = connect(server.port())) {
            writeSplit(ch, sent, rnd, 1000);
            ch.shutdownOutput();
            assertThat(readToEof(ch)).isEqualTo(sent);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void aClientThatNeverReadsIsPausedAtTheHighWatermark(ModelKind model, TransportKind transport) throws Exception {
        var t = TransportConfig.defaults().withWatermarks(64 * 1024, 32 * 1024);
        var server = start(model, transport, t, StreamEchoCodec::new, EchoHandler.INSTANCE);
        try (var ch = connect(server.port())) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            ch.configureBlocking(false);
            var chunk = ByteBuffer.allocate(64 * 1024);
            long sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int stalls = 0;
            // write until the server stops taking bytes (its reading paused, both socket buffers full)
            while (stalls < 100 && System.nanoTime() < deadline) {
                chunk.clear();
                int n = ch.write(chunk);
                sent += n;
                if (n == 0) {
                    stalls++;
                    Thread.sleep(5);
                } else {
                    stalls = 0;
                }
            }
            assertThat(stalls).as("server kept reading from a client that never reads").isGreaterThanOrEqualTo(100);
            if (!loopsOf(server).isEmpty()) {
                long paused = 0;
                long pauses = 0;
                for (var l : loopsOf(server)) {
                    paused += l.counter(LoopCounters.READ_PAUSED_NOW);
                    pauses += l.counter(LoopCounters.READ_PAUSES);
                }
                assertThat(paused).as("connections paused now").isEqualTo(1);
                assertThat(pauses).isGreaterThanOrEqualTo(1);
            }
            long read1 = server.stats().messages();
            Thread.sleep(200);
            assertThat(server.stats().messages()).as("messages read while paused").isEqualTo(read1);
            // bounded: the server holds at most about high watermark + a read buffer, the rest sits in kernels
            assertThat(sent).isLessThan(64L * 1024 * 1024);
        }
    }

    /**
     * The same with TLS: the replies' records waiting in the TLS layer count against the watermark as the plaintext
     * does. They used to be left out (the plaintext buffer drains into the TLS layer at once), so a client that never
     * read made the server read, encrypt and hold everything it sent.
     */
    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void aTlsClientThatNeverReadsIsPausedAtTheHighWatermarkToo(ModelKind model, TransportKind transport) throws Exception {
        var t = TransportConfig.defaults().withWatermarks(64 * 1024, 32 * 1024)
                .withTls(io.shardloop.tls.TlsConfig.of(TestTls.KEYS.context()));
        var server = start(model, transport, t, StreamEchoCodec::new, EchoHandler.INSTANCE);
        long bound = 64L << 20;
        var raw = new java.net.Socket();
        raw.setReceiveBufferSize(64 * 1024);
        raw.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5_000);
        var sent = new AtomicLong();
        try (var s = TestTls.over(TestTls.clientContext(), raw, true)) {
            s.startHandshake();
            var writer = Thread.ofPlatform().daemon().start(() -> {
                var chunk = new byte[16 * 1024];
                try {
                    while (sent.get() < bound) {
                        s.getOutputStream().write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the test closed the socket under a blocked write
                }
            });
            // until the writer stops moving: the server's reading paused, both socket buffers full
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && sent.get() < bound) {
                Thread.sleep(500);
                if (sent.get() == last) {
                    break;
                }
                last = sent.get();
            }
            assertThat(sent.get()).as("bytes the server took from a client that never reads").isLessThan(bound);
            if (!loopsOf(server).isEmpty()) {
                long paused = 0;
                for (var l : loopsOf(server)) {
                    paused += l.counter(LoopCounters.READ_PAUSED_NOW);
                }
                assertThat(paused).as("connections paused now").isEqualTo(1);
            }
            long read1 = server.stats().messages();
            Thread.sleep(200);
            assertThat(server.stats().messages()).as("messages read while paused").isEqualTo(read1);
            raw.close(); // ends the blocked write
            writer.join(10_000);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void shutdownFinishesInFlightRepliesAndFreesThePort(ModelKind model, TransportKind transport) throws Exception {
        var handlerStarted = new java.util.concurrent.CountDownLatch(1);
        Handler<EchoMessage, EchoMessage> slow = (m, ex) -> {
            if (m.length() == 5) {
                handlerStarted.countDown();
                Thread.sleep(300);
            }
            return m;
        };
        var server = start(model, transport, FrameEchoCodec::new, slow);
        int port = server.port();
        var idle = new ArrayList<java.nio.channels.SocketChannel>();
        for (int i = 0; i < 10; i++) {
            idle.add(connect(port));
        }
        try (var ch = connect(port)) {
            var req = frame(new byte[] {1, 2, 3, 4, 5});
            ch.write(ByteBuffer.wrap(req));
            assertThat(handlerStarted.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            boolean clean = server.shutdown(Duration.ofSeconds(3));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tookMs).as("shutdown within its bound").isLessThan(3_000 + 5_000);
            assertThat(clean).isTrue();
            assertThat(readToEof(ch)).as("in-flight reply delivered before close").isEqualTo(req);
        } finally {
            for (var c : idle) {
                c.close();
            }
        }
        try (var again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void shortConnectionsLeakNoDescriptorsOrThreads(ModelKind model, TransportKind transport) throws Exception {
        // 10,000 on epoll (its descriptors are the project's own to close) and on the two cheapest-to-verify models,
        // 1,000 on the rest, to keep the suite fast
        int total = transport == TransportKind.EPOLL || model == ModelKind.SINGLE_REACTOR
                || model == ModelKind.THREAD_PER_CONNECTION ? 10_000 : 1_000;
        var server = start(model, transport, FrameEchoCodec::new, EchoHandler.INSTANCE);
        var req = frame(new byte[] {42, 43, 44});
        // warm up what the JDK opens lazily (virtual-thread pollers, carrier threads) before the baseline
        parallel(16, w -> {
            for (int i = 0; i < 20; i++) {
                oneShot(server.port(), req);
            }
        });
        waitForNoConnections(server);
        int fdsBefore = TestSockets.openDescriptors();
        int threadsBefore = TestSockets.liveThreads();
        var done = new AtomicInteger();
        parallel(16, w -> {
            for (int i = w; i < total; i += 16) {
                oneShot(server.port(), req);
                done.incrementAndGet();
            }
        });
        assertThat(done.get()).isEqualTo(total);
        waitForNoConnections(server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((TestSockets.openDescriptors() > fdsBefore || TestSockets.liveThreads() > threadsBefore + 4)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(TestSockets.openDescriptors()).as("open descriptors").isLessThanOrEqualTo(fdsBefore);
        // carrier threads of the virtual-thread scheduler may grow by a few: pool threads aside
        assertThat(TestSockets.liveThreads()).as("live threads").isLessThanOrEqualTo(threadsBefore + 4);
        assertThat(server.stats().connectionsActive()).isZero();
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void idleAndPartialMessageTimeoutsClose(ModelKind model, TransportKind transport) throws Exception {
        var t = TransportConfig.defaults().withTimeouts(Duration.ofMillis(400), Duration.ofMillis(200));
        var server = start(model, transport, t, FrameEchoCodec::new, EchoHandler.INSTANCE);
        try (var idle = connect(server.port()); var partial = connect(server.port())) {
            partial.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 10, 1, 2})); // 2 of 10 payload bytes, never the rest
            long t0 = System.nanoTime();
            assertThat(readToEof(partial)).as("nothing sent before closing a partial frame").isEmpty();
            assertThat(readToEof(idle)).isEmpty();
            assertThat(System.nanoTime() - t0).as("closed by the timeouts, not the test's").isLessThan(
                    TimeUnit.SECONDS.toNanos(30));
        }
        if (!loopsOf(server).isEmpty()) {
            long partials = 0;
            long idles = 0;
            for (var l : loopsOf(server)) {
                partials += l.counter(LoopCounters.PARTIAL_TIMEOUTS);
                idles += l.counter(LoopCounters.IDLE_TIMEOUTS);
            }
            assertThat(partials).isEqualTo(1);
            assertThat(idles).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void idleTimeoutSparesConnectionsThatKeepTalkingAndHandlersThatTakeLonger(ModelKind model, TransportKind transport) throws Exception {
        var t = TransportConfig.defaults().withTimeouts(Duration.ofMillis(300), Duration.ZERO);
        boolean offLoop = model.usesWorkers() || model == ModelKind.THREAD_PER_CONNECTION
                || model == ModelKind.VIRTUAL_THREADS;
        Handler<EchoMessage, EchoMessage> slowOnce = (m, exchange) -> {
            if (offLoop && m.length() == 1 && m.get(0) == 7) {
                try {
                    Thread.sleep(700); // longer than the idle timeout, with the connection's read not pending
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return EchoHandler.INSTANCE.handle(m, exchange);
        };
        var server = start(model, transport, t, FrameEchoCodec::new, slowOnce);
        try (var c = connect(server.port())) {
            // 1.2 s of one frame every 60 ms: four idle timeouts long, never idle for one
            long lastReply = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(60);
                var req = frame(new byte[] {(byte) i, 1});
                c.write(ByteBuffer.wrap(req));
                assertThat(readExactly(c, req.length)).as("echo %d", i).isEqualTo(req);
                lastReply = System.nanoTime();
            }
            if (offLoop) {
                var slow = frame(new byte[] {7});
                c.write(ByteBuffer.wrap(slow));
                assertThat(readExactly(c, slow.length)).isEqualTo(slow);
                var after = frame(new byte[] {8, 8});
                c.write(ByteBuffer.wrap(after));
                assertThat(readExactly(c, after.length)).as("still open after the slow handler").isEqualTo(after);
                lastReply = System.nanoTime();
            }
            assertThat(readToEof(c)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - lastReply)).as("closed once idle")
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void overTheConnectionLimitANewConnectionIsAcceptedThenClosed(ModelKind model, TransportKind transport) throws Exception {
        var server = start(model, transport, TransportConfig.defaults().withMaxConnections(2), FrameEchoCodec::new,
                EchoHandler.INSTANCE);
        var req = frame(new byte[] {9});
        try (var a = connect(server.port()); var b = connect(server.port())) {
            for (var ch : new java.nio.channels.SocketChannel[] {a, b}) {
                ch.write(ByteBuffer.wrap(req));
                assertThat(readExactly(ch, req.length)).isEqualTo(req);
            }
            try (var c = connect(server.port())) {
                assertThat(readToEof(c)).isEmpty();
            }
        }
        waitForNoConnections(server);
        oneShot(server.port(), req); // slots come back when connections close
    }

    private static void oneShot(int port, byte[] req) throws IOException {
        try (var ch = connect(port)) {
            ch.write(ByteBuffer.wrap(req));
            assertThat(readExactly(ch, req.length)).isEqualTo(req);
        }
    }

    private static void waitForNoConnections(Server server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.stats().connectionsActive() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.stats().connectionsActive()).isZero();
    }

    /** The event loops of a loop model (empty on the connection-thread models), to read their counters. */
    private static List<EventLoop> loopsOf(Server server) {
        return server instanceof LoopServer ls ? ls.loops() : List.of();
    }
}
