package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.Handler;
import io.shardloop.codec.echo.EchoMessage;
import io.shardloop.codec.echo.FrameEchoCodec;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.server.Servers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Run where the event arrived: the worker models' inline policy, on real sockets, counted per path. */
class InlinePolicyTest {

    private static Server start(ModelKind model, InlinePolicy inline, Handler<EchoMessage, EchoMessage> handler) {
        return Servers.start(ServerConfig.builder().port(0).model(model).threads(1).workers(1)
                .executor(ExecutorKind.GLOBAL_QUEUE).inline(inline).build(), FrameEchoCodec::new, handler);
    }

    private static byte[] echo(java.nio.channels.SocketChannel ch, String text) throws Exception {
        var frame = TestSockets.frame(text.getBytes(StandardCharsets.US_ASCII));
        ch.write(ByteBuffer.wrap(frame));
        return TestSockets.readExactly(ch, frame.length);
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"REACTOR_WORKERS", "MAIN_SUB_WORKERS"})
    void nonBlockingHandlersRunOnTheLoopAndOthersOnWorkers(ModelKind model) throws Exception {
        var threads = ConcurrentHashMap.<String>newKeySet();
        Handler<EchoMessage, EchoMessage> plain = (m, ex) -> {
            threads.add(Thread.currentThread().getName());
            return m;
        };
        try (var server = start(model, InlinePolicy.adaptive(), Handler.nonBlocking(plain));
             var ch = TestSockets.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(echo(ch, "n" + i)).isEqualTo(TestSockets.frame(("n" + i).getBytes(StandardCharsets.US_ASCII)));
            }
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("shardloop-loop-"));
            var e = server.stats().executor();
            assertThat(e.inlinedNonBlocking()).isEqualTo(20);
            assertThat(e.tasksSubmitted()).isZero();
        }
        threads.clear();
        try (var server = start(model, InlinePolicy.adaptive(), plain); var ch = TestSockets.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                echo(ch, "b" + i);
            }
            assertThat(threads).containsExactly("shardloop-worker-0");
            var e = server.stats().executor();
            assertThat(e.inlinedNonBlocking()).isZero();
            assertThat(e.tasksSubmitted()).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"REACTOR_WORKERS", "MAIN_SUB_WORKERS"})
    void busyWorkersMakeTheLoopRunHandlersItselfInOrder(ModelKind model) throws Exception {
        var release = new CountDownLatch(1);
        var ranOn = new ConcurrentHashMap<String, String>();
        Handler<EchoMessage, EchoMessage> handler = (m, ex) -> {
            var text = new String(m.toByteArray(), StandardCharsets.US_ASCII);
            ranOn.put(text, Thread.currentThread().getName());
            if (text.startsWith("block")) {
                release.await(30, TimeUnit.SECONDS);
            }
            return m;
        };
        // one worker, busy above 1 queued task: block the worker, queue two, then the rest run inline
        try (var server = start(model, new InlinePolicy(true, 1, false), handler);
             var blocker = TestSockets.connect(server.port());
             var queued = TestSockets.connect(server.port());
             var ch = TestSockets.connect(server.port())) {
            blocker.write(ByteBuffer.wrap(TestSockets.frame("block".getBytes(StandardCharsets.US_ASCII))));
            awaitTrue(() -> ranOn.containsKey("block"));
            queued.write(ByteBuffer.wrap(TestSockets.frame("q0".getBytes(StandardCharsets.US_ASCII))));
            awaitTrue(() -> server.stats().executor().queued() >= 1);
            queued.write(ByteBuffer.wrap(TestSockets.frame("q1".getBytes(StandardCharsets.US_ASCII))));
            awaitTrue(() -> server.stats().executor().queued() >= 2);
            for (int i = 0; i < 5; i++) {
                echo(ch, "i" + i); // answered while the only worker is blocked: so not by a worker
            }
            for (int i = 0; i < 5; i++) {
                assertThat(ranOn.get("i" + i)).startsWith("shardloop-loop-");
            }
            release.countDown();
            // on one connection replies keep their order whichever path ran them
            assertThat(TestSockets.readExactly(queued, 12)).isEqualTo(concat(
                    TestSockets.frame("q0".getBytes(StandardCharsets.US_ASCII)),
                    TestSockets.frame("q1".getBytes(StandardCharsets.US_ASCII))));
            var e = server.stats().executor();
            assertThat(e.inlinedWhenBusy()).isEqualTo(5);
            assertThat(e.inlinedNonBlocking()).isZero();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
