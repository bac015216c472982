package io.shardloop.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.http.HttpLimits;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.TransportKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile TLS input on every model and transport: each gets an alert or a close, is counted as a failed
 * handshake, never keeps the server from answering a well-behaved client meanwhile, and leaves no descriptor behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class TlsHostileInputTest {
    private static final Duration HEADER_TIMEOUT = Duration.ofMillis(800);
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void everyHostileClientIsClosedAndTheServerKeepsServing(ModelKind model, TransportKind transport) throws Exception {
        var s = HttpsModelSuiteTest.start(servers, model, transport, TlsConfig.of(TestTls.KEYS.context()),
                HttpLimits.defaults().withHeaderTimeout(HEADER_TIMEOUT));
        var ctx = TestTls.clientContext();
        assertServes(ctx, s.port()); // warm: the first handshake loads the JDK's classes
        long fds = openDescriptors();
        long failedBefore = s.stats().tls().failed();

        var garbage = new byte[4096];
        new Random(14).nextBytes(garbage);
        garbage[0] = 0x16; // looks like a handshake record, then is not one
        assertClosed(send(s.port(), garbage), "garbage instead of a ClientHello");
        assertClosed(send(s.port(), "GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                "plain HTTP on the TLS port");
        assertClosed(send(s.port(), oversizedRecord()), "a record longer than TLS allows");

        var hello = clientHello(ctx, s.port());
        try (var stuck = TestTls.plain(s.port()); var trickle = TestTls.plain(s.port())) {
            stuck.getOutputStream().write(hello, 0, hello.length / 2); // then silence
            long t0 = System.nanoTime();
            var writer = Thread.ofPlatform().start(() -> trickle(trickle, hello));
            assertServes(ctx, s.port()); // neither the stuck nor the trickling client holds the loop
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(HEADER_TIMEOUT);
            assertClosed(stuck, "a client that stops mid-handshake");
            assertClosed(trickle, "a handshake trickling a byte every 50 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(HEADER_TIMEOUT.multipliedBy(4));
            writer.join();
        }

        renegotiationIsRefused(ctx, s.port());
        assertServes(ctx, s.port());
        assertThat(s.stats().tls().failed() - failedBefore).isGreaterThanOrEqualTo(5);
        awaitDescriptorsAtMost(fds + 2);
    }

    /** TLS 1.2 lets a client ask for a new handshake on a live connection; the server refuses with an alert or a close. */
    private static void renegotiationIsRefused(SSLContext ctx, int port) throws IOException {
        try (var c = TestTls.connect(ctx, port, "TLSv1.2")) {
            request(c);
            boolean refused;
            try {
                c.startHandshake();
                c.getOutputStream().write(get());
                c.getOutputStream().flush();
                var buf = new byte[1024];
                int n = c.getInputStream().read(buf);
                refused = n < 0;
            } catch (IOException e) {
                refused = true;
            }
            assertThat(refused).as("renegotiation refused").isTrue();
        }
    }

    private static void trickle(Socket s, byte[] hello) {
        try {
            for (byte b : hello) {
                s.getOutputStream().write(b);
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            // closed by the server: what the test wants
        }
    }

    private static Socket send(int port, byte[] bytes) throws IOException {
        var s = TestTls.plain(port);
        s.getOutputStream().write(bytes);
        return s;
    }

    /** Reads until the server ends the connection: only an alert (content type 21) may come first. */
    private static void assertClosed(Socket s, String what) throws IOException {
        try (s) {
            var in = s.getInputStream();
            var got = new ByteArrayOutputStream();
            var buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError(what + ": the server did not close the connection", e);
            } catch (IOException e) {
                // a reset: closed
            }
            var bytes = got.toByteArray();
            if (bytes.length > 0) {
                assertThat(bytes[0]).as(what + ": only an alert may come back").isEqualTo((byte) 21);
            }
        }
    }

    private static void assertServes(SSLContext ctx, int port) throws IOException {
        try (var c = TestTls.connect(ctx, port)) {
            request(c);
        }
    }

    private static void request(SSLSocket c) throws IOException {
        c.getOutputStream().write(get());
        c.getOutputStream().flush();
        var buf = new byte[4096];
        var seen = new StringBuilder();
        while (!seen.toString().endsWith("Hello, World!")) {
            int n = c.getInputStream().read(buf);
            assertThat(n).isPositive();
            seen.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
        assertThat(seen.toString()).startsWith("HTTP/1.1 200");
    }

    private static byte[] get() {
        return "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** A real ClientHello, as a client engine's first flight. */
    private static byte[] clientHello(SSLContext ctx, int port) throws IOException {
        SSLEngine e = ctx.createSSLEngine("localhost", port);
        e.setUseClientMode(true);
        var out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** A handshake record header announcing 65535 bytes, more than any TLS record may hold. */
    private static byte[] oversizedRecord() {
        var b = new byte[5 + 1024];
        b[0] = 0x16;
        b[1] = 0x03;
        b[2] = 0x03;
        b[3] = (byte) 0xff;
        b[4] = (byte) 0xff;
        return b;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void awaitDescriptorsAtMost(long max) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long now;
        while ((now = openDescriptors()) > max && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(now).as("open descriptors").isLessThanOrEqualTo(max);
    }
}
