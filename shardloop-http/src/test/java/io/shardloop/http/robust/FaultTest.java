package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.testkit.RawHttp.End;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients and handlers that fail: resets mid-request and mid-response, half-close, silent clients, short bodies,
 * a handler that throws, one that never answers. After each, the server still answers and holds no connection
 * it should have released. Every model; real sockets on 127.0.0.1.
 */
@Timeout(60)
@Tag("slow")
class FaultTest {

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void resetsHalfClosesAndShortBodiesLeaveTheServerSane(ModelKind model, TransportKind transport) throws Exception {
        try (var s = RobustServer.start(model, transport)) {
            // reset in the middle of a request
            try (var c = new RawHttp(s.port())) {
                c.send("GET /hello HTTP/1.1\r\nHo");
                c.reset();
            }
            // reset in the middle of a 256 KiB response, with more pipelined behind it
            try (var c = new RawHttp(s.port())) {
                c.send(RawHttp.get("/big").repeat(4));
                c.socket.getInputStream().readNBytes(1024);
                c.reset();
            }
            // half-close after sending: the reply still comes, then a clean close
            try (var c = new RawHttp(s.port())) {
                c.send(RawHttp.get("/hello"));
                c.socket.shutdownOutput();
                var r = c.read();
                assertThat(r.end()).isEqualTo(End.RESPONSE);
                assertThat(r.status()).isEqualTo(200);
                assertThat(c.read().end()).isEqualTo(End.EOF);
            }
            // a body shorter than its Content-Length, then FIN: closed without calling the handler
            try (var c = new RawHttp(s.port())) {
                c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b");
                c.socket.shutdownOutput();
                var r = c.read();
                assertThat(r.end()).isIn(End.EOF, End.RESPONSE);
                if (r.end() == End.RESPONSE) {
                    assertThat(r.status()).isBetween(400, 499);
                }
            }
            assertServes(s);
            awaitValue(s::activeConnections, 0, "active connections after the faulty clients left");
            assertThat(s.handledRequests()).as("handler calls: the /big ones started, the half-closed /hello, "
                    + "the final /hello; never the cut request or the short body").isBetween(3L, 6L);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void silentClientsAreReclaimedByTheTimeouts(ModelKind model, TransportKind transport) throws Exception {
        var limits = RobustServer.limits().withIdleTimeout(Duration.ofMillis(800)).withHeaderTimeout(Duration.ofMillis(800));
        try (var s = RobustServer.start(model, transport, limits, TransportConfig.defaults());
             var vanished = new RawHttp(s.port());
             var shortBody = new RawHttp(s.port());
             var neverSpoke = new RawHttp(s.port())) {
            // a client that sends a request, reads the answer, then just stops (no FIN: it vanished)
            vanished.send(RawHttp.get("/hello"));
            assertThat(vanished.read().status()).isEqualTo(200);
            // a client that promises 100 bytes of body, sends 10, then stops
            shortBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten b");
            long t0 = System.nanoTime();

            var r = shortBody.read();
            assertThat(r.end()).as("short body").isEqualTo(End.RESPONSE);
            assertThat(r.status()).as("short body times out with 408").isEqualTo(408);
            assertThat(shortBody.awaitClose()).as("closed after the 408").isTrue();
            assertThat(vanished.awaitClose()).as("idle client closed with FIN").isTrue();
            assertThat(neverSpoke.awaitClose()).as("silent connection closed with FIN").isTrue();
            assertThat(ChildServer.sinceNanos(t0)).as("reclaimed at the timeout, not before")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(700));
            awaitValue(s::activeConnections, 0, "active connections after the timeouts");
            assertServes(s);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void aThrowingHandlerGets500AndTheConnectionStaysUsable(ModelKind model, TransportKind transport) throws Exception {
        try (var s = RobustServer.start(model, transport); var c = new RawHttp(s.port())) {
            for (int i = 0; i < 3; i++) {
                c.send(RawHttp.get("/throw"));
                var r = c.read();
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.closes()).as("500 keeps the connection").isFalse();
                c.send(RawHttp.get("/hello"));
                assertThat(c.read().status()).isEqualTo(200);
            }
            // pipelined: the failure answers in its place
            c.send(RawHttp.get("/hello") + RawHttp.get("/throw") + RawHttp.get("/hello"));
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(500);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    static void assertServes(RobustServer s) throws Exception {
        try (var c = new RawHttp(s.port())) {
            c.send(RawHttp.get("/hello"));
            var r = c.read();
            assertThat(r.end()).isEqualTo(End.RESPONSE);
            assertThat(r.status()).isEqualTo(200);
        }
    }

    /** Polls until {@code value} reads {@code expected} (10 s at most: the machine may be loaded). */
    static void awaitValue(LongSupplier value, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long v = value.getAsLong();
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = value.getAsLong();
        }
        assertThat(v).as(what).isEqualTo(expected);
    }
}
