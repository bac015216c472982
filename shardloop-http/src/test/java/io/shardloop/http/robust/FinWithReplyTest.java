package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.model.ModelKind;
import io.shardloop.nativeio.Libc;
import io.shardloop.nativeio.SocketAddress;
import io.shardloop.transport.TransportKind;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On epoll, the last reply before a close the client asked for leaves in one segment with the FIN; after a close the
 * server decided on, the FIN follows apart (a request already on its way would turn the close into a reset that takes
 * an unsent reply with it); after an error reply, whose close lingers behind a shutdown, on the reply again. Seen from
 * the client through TCP_INFO: the segments it received that carried no data (the SYN-ACK, acknowledgements, a FIN of
 * its own) are one fewer when the FIN rode on the data. Every model that serves on epoll, with a real socket.
 */
@Timeout(60)
class FinWithReplyTest {
    private static final int TCP_INFO = 11;
    /** struct tcp_info: tcpi_segs_in, and tcpi_data_segs_in (segments with data) 12 bytes on. */
    private static final long SEGS_IN = 140;
    private static final long DATA_SEGS_IN = 152;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int TRIES = 5;

    static Stream<Arguments> epollModels() {
        assumeTrue(Libc.AVAILABLE, "epoll runs here");
        return Arrays.stream(ModelKind.values()).filter(m -> m.usesLoops()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("epollModels")
    void theFinRidesOnTheReplyOnlyWhenTheClientAskedForTheClose(ModelKind model) throws Exception {
        try (var s = RobustServer.start(model, TransportKind.EPOLL, b -> b.router(Router.builder()
                .get("/hello", r -> Response.text("hello\n"))
                .get("/bye", r -> Response.status(200).body("bye\n").close().build())
                .build()))) {
            var asked = exchange(s.port(), "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            var decided = exchange(s.port(), "GET /bye HTTP/1.1\r\nHost: t\r\n\r\n");
            var old = exchange(s.port(), "GET /hello HTTP/1.0\r\n\r\n");
            var bad = exchange(s.port(), "GET /hello HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n");
            assertThat(asked.reply()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello\n");
            assertThat(decided.reply()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nbye\n");
            assertThat(old.reply()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhello\n");
            assertThat(asked.controlSegments())
                    .as("segments without data after 'Connection: close' (%s), against after the handler's close (%s)",
                            asked, decided)
                    .isEqualTo(decided.controlSegments() - 1);
            assertThat(old.controlSegments()).as("an HTTP/1.0 request without keep-alive, as 'Connection: close' (%s)", old)
                    .isEqualTo(asked.controlSegments());
            assertThat(bad.reply()).startsWith("HTTP/1.1 400");
            assertThat(bad.controlSegments()).as("an error reply's lingering close shuts down first, so it may (%s)", bad)
                    .isEqualTo(asked.controlSegments());
        }
    }

    /** What a client received for one request on a fresh connection, read to the end of the stream. */
    record Exchange(String reply, int segments, int dataSegments) {
        int controlSegments() {
            return segments - dataSegments;
        }
    }

    /**
     * The fewest segments without data over {@link #TRIES} connections (a retransmission or a stray acknowledgement
     * could add one; nothing takes one away), with the reply of the last.
     */
    private static Exchange exchange(int port, String request) throws Exception {
        Exchange best = null;
        for (int i = 0; i < TRIES; i++) {
            var e = once(port, request);
            if (best == null || e.controlSegments() < best.controlSegments()) {
                best = e;
            }
        }
        return best;
    }

    private static Exchange once(int port, String request) throws Exception {
        try (var arena = Arena.ofConfined()) {
            var st = Libc.CallState.allocate(arena);
            int fd = Libc.socket(st, Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            assertThat(fd).as("socket: errno %d", Libc.errno(st)).isGreaterThanOrEqualTo(0);
            try {
                var addr = arena.allocate(SocketAddress.MAX_SIZE);
                int len = SocketAddress.write(addr, InetAddress.getLoopbackAddress(), port);
                assertThat(Libc.connect(st, fd, addr, len)).as("connect: errno %d", Libc.errno(st)).isZero();
                byte[] req = request.getBytes(StandardCharsets.US_ASCII);
                var out = arena.allocate(req.length).copyFrom(MemorySegment.ofArray(req));
                assertThat(Libc.send(st, fd, out, req.length, Libc.MSG_NOSIGNAL)).isEqualTo(req.length);
                var buf = arena.allocate(64 * 1024);
                var reply = new ByteArrayOutputStream();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (true) { // the calls are bound as non-blocking ones: poll with MSG_DONTWAIT
                    long n = Libc.recv(st, fd, buf, buf.byteSize(), MSG_DONTWAIT);
                    if (n == 0) {
                        break;
                    }
                    if (n > 0) {
                        reply.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
                    } else {
                        assertThat(Libc.errno(st)).as("recv: errno").isEqualTo(Libc.EAGAIN);
                        assertThat(System.nanoTime()).as("the end of the stream within 10 s").isLessThan(deadline);
                        Thread.sleep(1);
                    }
                }
                var info = arena.allocate(256);
                var infoLen = arena.allocateFrom(ValueLayout.JAVA_INT, 256);
                assertThat(Libc.getsockopt(st, fd, Libc.IPPROTO_TCP, TCP_INFO, info, infoLen)).isZero();
                return new Exchange(reply.toString(StandardCharsets.US_ASCII),
                        info.get(ValueLayout.JAVA_INT, SEGS_IN), info.get(ValueLayout.JAVA_INT, DATA_SEGS_IN));
            } finally {
                Libc.close(st, fd);
            }
        }
    }
}
