package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.testkit.RawHttp;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP server on real sockets, one suite over every threading model. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class HttpModelSuiteTest {

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch slowStarted = new CountDownLatch(1);

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)));
    }

    private Router router() {
        return BenchmarkEndpoints.install(Router.builder())
                .get("/", r -> Response.text("root"))
                .get("/users/{id}", r -> Response.text("user " + r.pathParam("id")))
                .get("/boom", r -> {
                    throw new IllegalStateException("handler bug");
                })
                .getAsync("/async", r -> CompletableFuture.supplyAsync(() -> Response.text("async " + r.query()),
                        CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS)))
                .get("/slow", r -> {
                    slowStarted.countDown();
                    Thread.sleep(300);
                    return Response.text("slow");
                })
                .get("/stream", r -> Response.stream(200, "text/plain", out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write("part" + i + ";");
                    }
                }))
                .build();
    }

    private HttpServer start(ModelKind model, TransportKind transport, HttpLimits limits) {
        return start(model, transport, ExecutorKind.GLOBAL_QUEUE, limits);
    }

    private HttpServer start(ModelKind model, TransportKind transport, ExecutorKind executor, HttpLimits limits) {
        var s = HttpServer.builder().model(model).transport(transport).threads(2).workers(3)
                .executor(executor).port(0).limits(limits).router(router()).start();
        servers.add(s);
        return s;
    }

    private HttpServer start(ModelKind model, TransportKind transport) {
        return start(model, transport, HttpLimits.defaults().withMaxBodyBytes(64 * 1024));
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void jdkHttpClientGetsCorrectAnswers(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        String base = "http://127.0.0.1:" + s.port();
        try (var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var plain = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).isEqualTo("Hello, World!");
            assertThat(plain.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(plain.headers().firstValue("server")).hasValue("shardloop");
            assertThat(plain.headers().firstValue("date")).isPresent();
            var json = client.send(HttpRequest.newBuilder(URI.create(base + "/json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
            assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
            var echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(20_000))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).hasSize(20_000);
            var missing = client.send(HttpRequest.newBuilder(URI.create(base + "/missing")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            var boom = client.send(HttpRequest.newBuilder(URI.create(base + "/boom")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(boom.statusCode()).isEqualTo(500);
            var user = client.send(HttpRequest.newBuilder(URI.create(base + "/users/42")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(user.body()).isEqualTo("user 42");
            var async = client.send(HttpRequest.newBuilder(URI.create(base + "/async?q=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(async.body()).isEqualTo("async q=1");
            var stream = client.send(HttpRequest.newBuilder(URI.create(base + "/stream")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stream.body()).isEqualTo("part0;part1;part2;");
            var head = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("content-length")).hasValue("13");
            // parallel requests
            var futures = new ArrayList<CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 20; i++) {
                futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/users/" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).body()).isEqualTo("user " + i);
            }
        }
        assertThat(s.handlerFailures()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void curlReusesTheConnectionAndSpeaksHttp10(ModelKind model, TransportKind transport) throws Exception {
        assumeTrue(hasCurl(), "curl is not installed");
        var s = start(model, transport);
        String base = "http://127.0.0.1:" + s.port();
        var r = curl("-sv", base + "/plaintext", base + "/json");
        assertThat(r.out).isEqualTo("Hello, World!{\"message\":\"Hello, World!\"}");
        assertThat(r.err).contains("Re-using existing connection");
        var old = curl("-sv", "--http1.0", base + "/plaintext");
        assertThat(old.out).isEqualTo("Hello, World!");
        assertThat(old.err).contains("< HTTP/1.1 200 OK").contains("< Connection: close");
        var post = curl("-s", "--data-binary", "ping", "-H", "Content-Type: text/plain", base + "/echo");
        assertThat(post.out).isEqualTo("ping");
        var chunked = curl("-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "chunky", base + "/echo");
        assertThat(chunked.out).isEqualTo("chunky");
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void tenPipelinedRequestsInOneWriteGetTenResponsesInOrder(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        try (var c = RawHttp.connect(s.port())) {
            var sb = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                sb.append(switch (i % 5) {
                    case 0 -> get("/users/" + i);
                    case 1 -> "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n" + (10 + i);
                    case 2 -> get("/async?" + i);
                    case 3 -> "HEAD /users/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n";
                    default -> get("/missing" + i);
                });
            }
            c.send(sb.toString());
            for (int i = 0; i < 10; i++) {
                var r = c.read(i % 5 == 3);
                switch (i % 5) {
                    case 0 -> assertThat(r.text()).isEqualTo("user " + i);
                    case 1 -> assertThat(r.text()).isEqualTo(String.valueOf(10 + i));
                    case 2 -> assertThat(r.text()).isEqualTo("async " + i);
                    case 3 -> assertThat(r.header("content-length")).isEqualTo(String.valueOf(("user " + i).length()));
                    default -> assertThat(r.status()).isEqualTo(404);
                }
            }
            c.send(get("/plaintext"));
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void requestsSplitOneBytePerWriteAreParsed(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        try (var c = RawHttp.connect(s.port())) {
            c.sendOneBytePerWrite(get("/users/7"));
            assertThat(c.read().text()).isEqualTo("user 7");
            c.sendOneBytePerWrite("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("abcde");
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void edgeCasesOverSocketsGiveTheirStatusAndCloseOnlyOnErrors(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        for (var ec : RequestEdgeCases.overSocket()) {
            try (var c = RawHttp.connect(s.port())) {
                c.send(ec.raw());
                var r = c.read();
                if (ec.expect() == 0) {
                    assertThat(r.status()).as(ec.name()).isIn(200, 404, 405);
                    c.send(get("/plaintext"));
                    assertThat(c.read().status()).as(ec.name() + ": connection still usable").isEqualTo(200);
                } else {
                    assertThat(r.status()).as(ec.name()).isEqualTo(ec.expect());
                    assertThat(r.header("connection")).as(ec.name()).isEqualTo("close");
                    assertThat(c.closedByPeer()).as(ec.name() + ": closed").isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void connectionStaysUsableAfter404And405And500(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        try (var c = RawHttp.connect(s.port())) {
            c.send(get("/nope"));
            var r = c.read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("connection")).isNull();
            c.send("DELETE /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            var m = c.read();
            assertThat(m.status()).isEqualTo(405);
            assertThat(m.header("allow")).isEqualTo("GET, HEAD");
            c.send(get("/boom"));
            assertThat(c.read().status()).isEqualTo(500);
            c.send("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(501);
            c.send(get("/plaintext"));
            assertThat(c.read().text()).isEqualTo("Hello, World!");
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void limitsTripWithTheirStatusAndClose(ModelKind model, TransportKind transport) throws Exception {
        var limits = HttpLimits.defaults().withMaxRequestLineBytes(100).withMaxHeaderBytes(300).withMaxHeaderCount(5)
                .withMaxBodyBytes(50);
        var s = start(model, transport, limits);
        expectClose(s, "GET /" + "a".repeat(120) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414);
        expectClose(s, "GET / HTTP/1.1\r\nHost: t\r\nX: " + "v".repeat(400) + "\r\n\r\n", 431);
        expectClose(s, "GET / HTTP/1.1\r\nHost: t\r\n" + "X: y\r\n".repeat(5) + "\r\n", 431);
        expectClose(s, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 51\r\n\r\n" + "b".repeat(51), 413);
        expectClose(s, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + "c".repeat(32)
                + "\r\n20\r\n" + "c".repeat(32) + "\r\n0\r\n\r\n", 413);
        expectClose(s, "GET / HTTP/1.1\r\nHost: t\r\nbad header\r\n\r\n", 400);
        expectClose(s, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n", 501);
        // at the limits, accepted
        try (var c = RawHttp.connect(s.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 50\r\n\r\n" + "b".repeat(50));
            assertThat(c.read().text()).hasSize(50);
            c.send(get("/" + "a".repeat(100 - 15)));
            assertThat(c.read().status()).isEqualTo(404);
        }
    }

    private static void expectClose(HttpServer s, String raw, int status) throws IOException {
        try (var c = RawHttp.connect(s.port())) {
            c.send(get("/plaintext") + raw);
            assertThat(c.read().status()).isEqualTo(200);
            var r = c.read();
            assertThat(r.status()).as(raw.lines().findFirst().orElse("")).isEqualTo(status);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void slowHeaderGets408AndIdleConnectionIsClosed(ModelKind model, TransportKind transport) throws Exception {
        var limits = HttpLimits.defaults().withHeaderTimeout(Duration.ofMillis(400)).withIdleTimeout(Duration.ofMillis(700));
        var s = start(model, transport, limits);
        try (var c = RawHttp.connect(s.port())) {
            c.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n");
            Thread.sleep(150);
            try {
                // activity does not extend the deadline: it runs from the request's first byte
                c.send("X-Slow: 1\r\n");
            } catch (IOException e) {
                // a stalled test thread may find the connection already answered and closed
            }
            var r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
        try (var c = RawHttp.connect(s.port())) {
            c.send(get("/plaintext"));
            assertThat(c.read().status()).isEqualTo(200);
            long t0 = System.nanoTime();
            assertThat(c.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void anErrorReachesAClientThatSendsItsWholeBodyBeforeReading(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport); // bodies up to 64 KiB
        byte[] body = new byte[4 << 20];
        for (int round = 0; round < 3; round++) {
            try (var c = RawHttp.connect(s.port())) {
                // as curl uploads: the whole body goes out before the client reads; a server that closed with
                // that body unread would reset the connection and the client would never see the 413
                c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
                c.socket.getOutputStream().write(body);
                var r = c.read();
                assertThat(r.status()).isEqualTo(413);
                assertThat(r.header("connection")).isEqualTo("close");
                assertThat(c.closedByPeer()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void expectContinueGetsAnInterimThenTheAnswer(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        try (var c = RawHttp.connect(s.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("hello");
            assertThat(c.read().text()).isEqualTo("hello");
            c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n");
            var r = c.read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void pipelinedEchoHammerKeepsEveryConnectionsOrder(ModelKind model, TransportKind transport) throws Exception {
        pipelinedEchoHammer(start(model, transport));
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#workerModelsOnExecutors")
    void pipelinedEchoHammerKeepsOrderOnEveryExecutor(ModelKind model, TransportKind transport, ExecutorKind executor)
            throws Exception {
        pipelinedEchoHammer(start(model, transport, executor, HttpLimits.defaults().withMaxBodyBytes(64 * 1024)));
    }

    private static void pipelinedEchoHammer(HttpServer s) throws Exception {
        var failures = new CopyOnWriteArrayList<Throwable>();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int conn = 0; conn < 6; conn++) {
                int id = conn;
                ex.submit(() -> {
                    try (var c = RawHttp.connect(s.port())) {
                        for (int round = 0; round < 5; round++) {
                            var sb = new StringBuilder();
                            for (int i = 0; i < 20; i++) {
                                String body = id + "-" + round + "-" + i;
                                sb.append(i % 2 == 0
                                        ? "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                                        : get("/async?" + body));
                            }
                            c.send(sb.toString());
                            for (int i = 0; i < 20; i++) {
                                String body = id + "-" + round + "-" + i;
                                String got = c.read().text();
                                if (!got.equals(i % 2 == 0 ? body : "async " + body)) {
                                    throw new AssertionError("connection " + id + " got '" + got + "' for " + body);
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void gracefulShutdownAnswersRequestsAlreadyRead(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport);
        slowStarted = new CountDownLatch(1);
        try (var c = RawHttp.connect(s.port())) {
            c.send(get("/slow") + get("/plaintext"));
            assertThat(slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
            var stopped = CompletableFuture.supplyAsync(() -> s.shutdown(Duration.ofSeconds(10)));
            assertThat(c.read().text()).isEqualTo("slow");
            assertThat(c.read().text()).isEqualTo("Hello, World!");
            // the log says which stop step was late; the stats say what was still open
            assertThat(stopped.get(30, TimeUnit.SECONDS)).as("shutdown clean; after it: %s", s.stats()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void connectionsOverTheCapAreRefused(ModelKind model, TransportKind transport) throws Exception {
        var s = start(model, transport, HttpLimits.defaults().withMaxConnections(2));
        try (var a = RawHttp.connect(s.port()); var b = RawHttp.connect(s.port())) {
            a.send(get("/plaintext"));
            b.send(get("/plaintext"));
            assertThat(a.read().status()).isEqualTo(200);
            assertThat(b.read().status()).isEqualTo(200);
            try (var c = RawHttp.connect(s.port())) {
                try {
                    c.send(get("/plaintext"));
                } catch (IOException e) {
                    // reset before the write: refused as expected
                }
                // refused politely: 503 with Connection: close, then the close
                assertThat(c.read().status()).isEqualTo(503);
                assertThat(c.closedByPeer()).isTrue();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void serverConfigIsTakenWholeAndLoopsAreExposed() throws Exception {
        var config = io.shardloop.model.ServerConfig.builder().port(0).model(ModelKind.MAIN_SUB).threads(1).build();
        var s = HttpServer.builder().config(config).router(BenchmarkEndpoints.router()).start();
        servers.add(s);
        assertThat(s.model()).isEqualTo(ModelKind.MAIN_SUB);
        assertThat(s.loopProbes()).extracting(p -> p.thread().getName())
                .containsExactly("shardloop-main", "shardloop-loop-0");
        try (var c = RawHttp.connect(s.port())) {
            c.send(get("/json"));
            assertThat(c.read().text()).isEqualTo("{\"message\":\"Hello, World!\"}");
        }
    }

    private record CurlResult(String out, String err) {
    }

    private static boolean hasCurl() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static CurlResult curl(String... args) throws Exception {
        var cmd = new ArrayList<String>();
        cmd.add("curl");
        cmd.add("--max-time");
        cmd.add("20");
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).start();
        var err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new CurlResult(out, err.get(30, TimeUnit.SECONDS));
    }
}
