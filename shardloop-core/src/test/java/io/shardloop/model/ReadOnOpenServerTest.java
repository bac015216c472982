package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.codec.Handler;
import io.shardloop.codec.echo.EchoMessage;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.model.internal.LoopServer;
import io.shardloop.nativeio.Libc;
import io.shardloop.server.Servers;
import io.shardloop.transport.TransportKind;
import io.shardloop.transport.internal.loop.LoopCounters;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On epoll a connection whose first bytes are already there when it is accepted is served before any event of its
 * own: while the loop is held by a slow handler, a second client connects and sends; the loop, back, accepts it,
 * reads, answers, and never waited on the new socket for those bytes.
 */
@Timeout(60)
class ReadOnOpenServerTest {

    @Test
    void bytesThatArrivedWithTheConnectionAreServedWithoutAnEventOfTheirOwn() throws Exception {
        assumeTrue(Libc.AVAILABLE, "epoll is not available here");
        var inHandler = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Handler<EchoMessage, EchoMessage> handler = (m, ex) -> {
            if (m.length() > 0 && m.get(0) == 'h') {
                inHandler.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return m;
        };
        var config = ServerConfig.builder().port(0).model(ModelKind.SINGLE_REACTOR).transport(TransportKind.EPOLL)
                .build();
        try (var server = Servers.start(config, StreamEchoCodec::new, handler)) {
            var loop = ((LoopServer) server).loops().getFirst();
            try (var first = connect(server.port())) {
                first.getOutputStream().write("hold\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
                long events = loop.counter(LoopCounters.EVENTS);
                long found = loop.counter(LoopCounters.READS_ON_OPEN_FOUND);
                try (var second = connect(server.port())) {
                    second.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(100); // in the accepted socket's buffer before the loop is back
                    release.countDown();
                    assertThat(read(second.getInputStream(), 5)).isEqualTo("ping\n");
                    assertThat(read(first.getInputStream(), 5)).isEqualTo("hold\n");
                    // the second, and the first too when its own read on open found "hold" (its count lands after
                    // the handler returns)
                    // the counters are the loop's plain stores, read opaquely: visible soon, not at once (a warm JIT
                    // may keep one in a register past the reply's send)
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (loop.counter(LoopCounters.READS_ON_OPEN_FOUND) - found < 1 && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    assertThat(loop.counter(LoopCounters.READS_ON_OPEN_FOUND) - found)
                            .as("connections served by their read on open").isBetween(1L, 2L);
                    // the second was accepted in the listener event whose batch ran the handler, or in the next
                    // one: either way with no event of its own
                    assertThat(loop.counter(LoopCounters.EVENTS) - events).isLessThanOrEqualTo(1);
                }
            }
            assertThat(loop.counter(LoopCounters.READS_ON_OPEN)).isGreaterThanOrEqualTo(2);
        }
    }

    private static Socket connect(int port) throws Exception {
        var s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return s;
    }

    private static String read(InputStream in, int n) throws Exception {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }
}
