package io.shardloop.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.TransportKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTPS on every threading model and transport, with real clients: the JDK's, curl and openssl s_client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class HttpsModelSuiteTest {
    /** Larger than loopback's socket buffers take, so that a client that does not read fills them. */
    private static final String HUGE = "z".repeat(6 << 20);
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)));
    }

    static HttpServer start(List<HttpServer> into, ModelKind model, TransportKind transport, TlsConfig tls,
                            HttpLimits limits) {
        var router = BenchmarkEndpoints.install(Router.builder())
                .get("/big", r -> Response.text("x".repeat(300_000)))
                .get("/huge", r -> Response.text(HUGE))
                .build();
        var s = HttpServer.builder().model(model).transport(transport).threads(2).workers(3)
                .executor(ExecutorKind.GLOBAL_QUEUE).port(0).limits(limits).router(router).tls(tls).start();
        into.add(s);
        return s;
    }

    private HttpServer start(ModelKind model, TransportKind transport, TlsHandshake mode) {
        var tls = TlsConfig.builder(TestTls.KEYS.context()).handshake(mode).build();
        return start(servers, model, transport, tls, HttpLimits.defaults().withMaxBodyBytes(4 << 20));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void jdkClientKeepAliveLargeBodiesAndStats(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.LOOP);
        var client = HttpClient.newBuilder().sslContext(TestTls.clientContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        var base = "https://localhost:" + s.port();
        for (int i = 0; i < 20; i++) {
            var r = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Hello, World!");
        }
        var body = new byte[1 << 20];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        var echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo(body);
        var big = client.send(HttpRequest.newBuilder(URI.create(base + "/big")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.body()).hasSize(300_000);
        var tls = s.stats().tls();
        assertThat(tls).isNotNull();
        assertThat(tls.handshakes()).isBetween(1L, 3L); // one kept-alive connection (the client may open a spare)
        assertThat(tls.failed()).isZero();
        assertThat(tls.handshakeNanos()).isPositive();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsLoopModels")
    void handshakeOnWorkersServesAndCountsTasks(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.WORKERS);
        var ctx = TestTls.clientContext();
        var poolCpu = handshakePoolCpuNanos();
        for (int i = 0; i < 5; i++) {
            try (var c = TestTls.connect(ctx, s.port())) {
                c.getOutputStream().write(("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readAll(c.getInputStream())).startsWith("HTTP/1.1 200").endsWith("Hello, World!");
                assertThat(c.getApplicationProtocol()).isEqualTo("http/1.1");
            }
        }
        var tls = s.stats().tls();
        assertThat(tls.handshakeMode()).isEqualTo("workers");
        assertThat(tls.handshakes()).isEqualTo(5);
        assertThat(tls.taskNanos()).isPositive();
        if (model.usesWorkers()) {
            // the workers run each request (--inline never) and, here, each handshake's tasks too: one or more each
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.stats().executor().tasksCompleted() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(s.stats().executor().tasksCompleted()).as("5 requests and 5 handshakes' tasks on the workers")
                    .isGreaterThanOrEqualTo(10);
        } else {
            // the tasks ran on the handshake pool's threads: with the handshake on the loop there are none, or idle ones
            var after = handshakePoolCpuNanos();
            long used = after.entrySet().stream().mapToLong(e -> e.getValue() - poolCpu.getOrDefault(e.getKey(), 0L)).sum();
            assertThat(used).as("CPU of the shardloop-tls- threads over the handshakes").isPositive();
        }
    }

    /** The CPU time so far of each live thread of a handshake pool ({@code shardloop-tls-N}), by thread id. */
    private static java.util.Map<Long, Long> handshakePoolCpuNanos() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("shardloop-tls-"))
                .collect(java.util.stream.Collectors.toMap(Thread::threadId, t -> Math.max(0, mx.getThreadCpuTime(t.threadId()))));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void pipelinedRequestsAndCloseNotifyBothWays(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.LOOP);
        try (var c = TestTls.connect(TestTls.clientContext(), s.port())) {
            var many = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".repeat(50);
            c.getOutputStream().write(many.getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            var in = c.getInputStream();
            var seen = new StringBuilder();
            var buf = new byte[8192];
            while (count(seen, "Hello, World!") < 50) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(count(seen, "HTTP/1.1 200")).isEqualTo(50);
            c.shutdownOutput(); // close_notify from the client
            assertThat(in.read()).isEqualTo(-1); // and the server's close_notify back: an orderly end, no exception
        }
    }

    /**
     * Pipelined large uploads against a client that reads late: the server stops reading above the watermark while
     * records may wait in its TLS layer, where no socket event would announce them; every reply must still come.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void pipelinedUploadsSurviveBackpressure(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.LOOP);
        int requests = 4;
        int size = 200_000;
        try (var c = TestTls.connect(TestTls.clientContext(), s.port())) {
            var body = "y".repeat(size);
            var writer = Thread.ofPlatform().start(() -> {
                try {
                    var out = c.getOutputStream();
                    for (int i = 0; i < requests; i++) {
                        out.write(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(300); // replies pile up: the server's reading pauses
            var in = c.getInputStream();
            var buf = new byte[65536];
            var seen = new ByteArrayOutputStream();
            long ys = 0;
            long want = (long) requests * size;
            while (ys < want) { // headers hold a few y's too: enough is a lower bound, the count below is exact
                int n = in.read(buf);
                assertThat(n).isPositive();
                seen.write(buf, 0, n);
                for (int i = 0; i < n; i++) {
                    ys += buf[i] == 'y' ? 1 : 0;
                }
            }
            writer.join();
            var text = seen.toString(StandardCharsets.US_ASCII);
            assertThat(count(text, "HTTP/1.1 200")).isEqualTo(requests);
            int at = 0;
            for (int i = 0; i < requests; i++) { // each reply: headers, then exactly the body sent
                int bodyAt = text.indexOf("\r\n\r\n", at) + 4;
                assertThat(text.substring(at, bodyAt)).startsWith("HTTP/1.1 200").contains("ontent-Length: " + size);
                assertThat(text.substring(bodyAt, bodyAt + size)).matches("y+");
                at = bodyAt + size;
            }
            assertThat(at).isEqualTo(text.length());
        }
    }

    /**
     * Two records that arrive in one read, the first a request whose reply stops the server's reading: the second's
     * plaintext waits in the TLS layer, the kernel holds nothing more, and the reply must still come once the client
     * reads (level-triggered readiness would never report those bytes).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void recordsHeldInTheTlsLayerAreServedAfterBackpressure(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.LOOP);
        try (var c = TestTls.connect(TestTls.clientContext(), s.port())) {
            var out = c.getOutputStream();
            out.write(padded("/huge", 0));
            out.flush();
            Thread.sleep(300); // the reply fills the socket buffers: the server stops reading
            out.write(padded("/huge", 8000)); // one record each; both arrive while the server does not read
            out.write(padded("/plaintext", 8600));
            out.flush();
            Thread.sleep(300);
            var in = c.getInputStream();
            var buf = new byte[1 << 16];
            long zs = 0;
            var tail = new StringBuilder();
            while (zs < 2L * HUGE.length() || !tail.toString().endsWith("Hello, World!")) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                for (int i = 0; i < n; i++) {
                    zs += buf[i] == 'z' ? 1 : 0;
                }
                if (zs >= 2L * HUGE.length()) {
                    tail.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                }
            }
            assertThat(zs).isEqualTo(2L * HUGE.length());
        }
    }

    /** A GET of {@code path} whose bytes come to {@code size} (at least its bare length) with a padding header. */
    private static byte[] padded(String path, int size) {
        var head = "GET " + path + " HTTP/1.1\r\nHost: t\r\n";
        var end = "\r\n";
        int pad = size - head.length() - end.length() - "X-Pad: \r\n".length();
        var req = pad <= 0 ? head + end : head + "X-Pad: " + "p".repeat(pad) + "\r\n" + end;
        return req.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void tls12AndResumptionAreCounted(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, TlsHandshake.LOOP);
        var ctx = TestTls.clientContext(); // one client context: its session cache offers the ticket again
        for (var protocol : List.of("TLSv1.3", "TLSv1.2")) {
            for (int i = 0; i < 2; i++) {
                try (var c = TestTls.connect(ctx, s.port(), protocol)) {
                    assertThat(c.getSession().getProtocol()).isEqualTo(protocol);
                    c.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAll(c.getInputStream())).endsWith("Hello, World!");
                }
            }
        }
        var tls = s.stats().tls();
        assertThat(tls.handshakes()).isEqualTo(4);
        assertThat(tls.resumed()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void curlWithCacert(ModelKind model, TransportKind transport) throws Exception {
        assumeTrue(TestTls.onPath("curl"), "curl is not installed");
        var s = start(model, transport, TlsHandshake.LOOP);
        var url = "https://localhost:" + s.port();
        var out = run("curl", "-sS", "--http1.1", "--cacert", TestTls.certificatePem().toString(),
                "-w", " %{http_code} %{num_connects}\\n", url + "/plaintext", url + "/json");
        assertThat(out).contains("Hello, World! 200 1").contains("} 200 0"); // the second request reused the connection
        var tls = s.stats().tls();
        assertThat(tls.handshakes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#tlsModels")
    void opensslSClientNegotiatesAlpnAndGetsAnAnswer(ModelKind model, TransportKind transport) throws Exception {
        assumeTrue(TestTls.onPath("openssl"), "openssl is not installed");
        var s = start(model, transport, TlsHandshake.LOOP);
        var p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + s.port(), "-servername",
                "localhost", "-CAfile", TestTls.certificatePem().toString(), "-verify_return_error", "-alpn", "http/1.1",
                "-ign_eof").redirectErrorStream(true).start();
        p.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("ALPN protocol: http/1.1").contains("Verify return code: 0 (ok)")
                .contains("HTTP/1.1 200").contains("Hello, World!");
    }

    static String run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    static String readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static int count(CharSequence s, String what) {
        int n = 0;
        for (int i = s.toString().indexOf(what); i >= 0; i = s.toString().indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
