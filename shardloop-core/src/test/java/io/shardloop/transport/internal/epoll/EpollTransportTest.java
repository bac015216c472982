package io.shardloop.transport.internal.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.nativeio.Libc;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.EventLoop;
import io.shardloop.transport.internal.loop.LoopCounters;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the epoll transport promises beyond java.nio's behaviour: fewer calls, no spinning, no stale events. */
@Timeout(30)
class EpollTransportTest {

    @BeforeAll
    static void epollRunsHere() {
        Assumptions.assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
    }

    @Test
    void acceptedSocketsInheritTcpNoDelayFromTheListener() throws Exception {
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, 16);
             var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()));
             var arena = Arena.ofConfined()) {
            StreamSocket accepted = null;
            for (int i = 0; i < 1000 && accepted == null; i++) {
                accepted = listener.accept();
                Thread.sleep(1);
            }
            assertThat(accepted).as("the pending connection").isNotNull();
            var state = Libc.CallState.allocate(arena);
            var value = arena.allocate(ValueLayout.JAVA_INT);
            var length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            int fd = ((EpollStreamSocket) accepted).fd();
            assertThat(Libc.getsockopt(state, fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, value, length)).isZero();
            assertThat(value.get(ValueLayout.JAVA_INT, 0)).as("TCP_NODELAY on the accepted socket").isNotZero();
            accepted.close();
        }
    }

    /**
     * TCP_DEFER_ACCEPT: a connected client that has sent nothing is not yet acceptable (the kernel holds it); once its
     * first bytes arrive it is, and they are readable at once, which is what lets a short connection be served
     * without entering the loop's epoll set.
     */
    @Test
    void aDeferringListenerOffersAConnectionOnlyWithItsFirstBytes() throws Exception {
        var config = TransportConfig.builder().backlog(16).deferAccept(true).build();
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, config);
             var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
            for (int i = 0; i < 30; i++) { // 300 ms: well inside the one-second deferral
                assertThat(listener.accept()).as("a connection that has sent nothing, after %d ms", 10 * i).isNull();
                Thread.sleep(10);
            }
            client.write(ByteBuffer.wrap("GET".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            StreamSocket accepted = null;
            for (int i = 0; i < 1000 && accepted == null; i++) {
                accepted = listener.accept();
                Thread.sleep(1);
            }
            assertThat(accepted).as("the connection once its bytes arrived").isNotNull();
            var in = ByteBuffer.allocateDirect(16);
            assertThat(accepted.read(in)).as("its first read, without waiting for an event").isEqualTo(3);
            accepted.close();
        }
    }

    @Test
    void aPlainListenerOffersAConnectionBeforeItsFirstBytes() throws Exception {
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, TransportConfig.defaults());
             var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
            StreamSocket accepted = null;
            for (int i = 0; i < 1000 && accepted == null; i++) {
                accepted = listener.accept();
                Thread.sleep(1);
            }
            assertThat(accepted).as("a connection that has sent nothing").isNotNull();
            accepted.close();
        }
    }

    @Test
    void gatheredWritesSendEveryByteInOrderPastTheIovecLimitAndAroundHeapBuffers() throws Exception {
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, 16);
             var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
            StreamSocket server = null;
            while (server == null) {
                server = listener.accept();
            }
            var chunks = new ByteBuffer[100];
            var expected = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < chunks.length; i++) {
                var bytes = new byte[100 + i];
                java.util.Arrays.fill(bytes, (byte) i);
                expected.writeBytes(bytes);
                chunks[i] = (i == 70 ? ByteBuffer.allocate(bytes.length) : ByteBuffer.allocateDirect(bytes.length))
                        .put(bytes).flip();
            }
            long total = expected.size();
            long sent = 0;
            int first = 0;
            while (sent < total) {
                sent += server.write(chunks, first, chunks.length - first);
                while (first < chunks.length && !chunks[first].hasRemaining()) {
                    first++;
                }
            }
            server.close();
            var got = new java.io.ByteArrayOutputStream();
            var in = ByteBuffer.allocate(4096);
            while (client.read(in.clear()) >= 0) {
                got.write(in.array(), 0, in.position());
            }
            assertThat(got.toByteArray()).isEqualTo(expected.toByteArray());
        }
    }

    /**
     * A connection that stops wanting input while the peer has hung up: level-triggered epoll would report the
     * hang-up forever; the driver narrows the kernel's set once and the loop goes back to sleep.
     */
    @Test
    void aSocketThatWantsNothingDoesNotSpinTheLoop() throws Exception {
        var loop = new EventLoop("shardloop-loop-epoll-test", "loop", TransportConfig.defaults(), EpollTransport.INSTANCE)
                .start();
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, 16);
             var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
            var events = new AtomicInteger();
            var firstEvent = new CountDownLatch(1);
            var registered = new CompletableFuture<IoRegistration>();
            loop.execute(() -> {
                try {
                    StreamSocket s = null;
                    while (s == null) {
                        s = listener.accept();
                    }
                    var handle = new IoHandle() {
                        @Override
                        public void onReady(int readyOps) {
                            events.incrementAndGet();
                            firstEvent.countDown();
                        }

                        @Override
                        public void forceClose() {
                        }
                    };
                    registered.complete(loop.register(s, IoOps.READ, handle));
                } catch (Exception e) {
                    registered.completeExceptionally(e);
                }
            });
            var reg = registered.get(10, TimeUnit.SECONDS);
            client.write(ByteBuffer.wrap(new byte[] {1}));
            client.close(); // readable and hung up, and it will stay so: nothing reads it
            assertThat(firstEvent.await(10, TimeUnit.SECONDS)).isTrue();
            var narrowed = new CountDownLatch(1);
            loop.execute(() -> {
                reg.interestOps(0);
                narrowed.countDown();
            });
            assertThat(narrowed.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            long wakeups = loop.counter(LoopCounters.WAKEUPS);
            int seen = events.get();
            Thread.sleep(300);
            assertThat(loop.counter(LoopCounters.WAKEUPS) - wakeups).as("wake-ups in 300 ms of nothing wanted")
                    .isLessThan(5);
            assertThat(events.get() - seen).as("events delivered while nothing is wanted").isZero();
        } finally {
            loop.shutdown();
            assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A closed socket's descriptor number is the kernel's to give again, here to the next connection accepted: the
     * closed socket object refuses every call, so a late reset, send or shutdown through it cannot reach the
     * connection that now has the number (a reset there would have turned its orderly close into an RST).
     */
    @Test
    void aClosedSocketTouchesNothingWhenItsNumberIsAnotherConnectionsNow() throws Exception {
        try (var listener = EpollTransport.INSTANCE.listen("127.0.0.1", 0, false, 16);
             var firstClient = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
            var first = (EpollStreamSocket) acceptOne(listener);
            int number = first.fd();
            // the second client's own socket first, so that the number freed next goes to the connection accepted
            try (var secondClient = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
                first.close();
                var second = (EpollStreamSocket) acceptOne(listener);
                Assumptions.assumeTrue(second.fd() == number, "the kernel gave the next connection another number");
                first.resetOnClose(); // SO_LINGER 0 on the number would make the second's close a reset
                for (var call : java.util.List.<ThrowingCall>of(
                        () -> first.write(ByteBuffer.wrap(new byte[] {'x'})),
                        () -> first.read(ByteBuffer.allocateDirect(8)),
                        first::shutdownOutput)) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(call::run).isInstanceOf(java.io.IOException.class)
                            .hasMessageContaining("closed socket");
                }
                first.close();
                assertThat(second.closed()).isFalse();
                secondClient.write(ByteBuffer.wrap(new byte[] {'y'}));
                var in = ByteBuffer.allocateDirect(8);
                for (int i = 0; i < 1000 && in.position() == 0; i++) {
                    second.read(in);
                    Thread.sleep(1);
                }
                assertThat(in.position()).as("the second connection reads its own byte").isEqualTo(1);
                second.close(); // orderly: FIN, nothing sent by the first in between
                secondClient.socket().setSoTimeout(5_000);
                var got = ByteBuffer.allocate(8);
                assertThat(secondClient.read(got)).as("an orderly end, no stray byte, no reset").isEqualTo(-1);
            }
        }
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static StreamSocket acceptOne(io.shardloop.transport.internal.io.ListenSocket listener) throws Exception {
        for (int i = 0; i < 1000; i++) {
            var s = listener.accept();
            if (s != null) {
                return s;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no connection to accept");
    }
}
