package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.shardloop.nativeio.Libc;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * https end to end against the JDK's own HttpsServer with an EC P-256 certificate made for the test (keytool, which
 * every JDK has): keep-alive and short connections, resumption on and off counted, Connection: close answers,
 * verification against a trust file and its failure without one, on both socket implementations. Timed runs of the
 * load generator (26 s of ./test --fast's 107 s from a fresh clone): slow.
 */
@Tag("slow")
class TlsLoadTest {

    @TempDir
    static Path dir;
    static Path keystore;
    static Path certificate;
    private static SSLContext serverContext;
    private static ExecutorService handlers;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keystore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        var ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        handlers = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stop() {
        handlers.shutdownNow();
    }

    private static void keytool(String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(java.util.List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool " + String.join(" ", args) + ": " + out).isZero();
    }

    /** An HTTPS server answering "hello"; with {@code close} each answer says Connection: close. */
    private static HttpsServer server(boolean close) throws Exception {
        var s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        s.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        s.setExecutor(handlers);
        s.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (close) {
                ex.getResponseHeaders().set("Connection", "close");
            }
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    private static LoadSpec.Builder spec(IoKind io, HttpsServer s, int connections) {
        if (io == IoKind.EPOLL) {
            Assumptions.assumeTrue(Libc.AVAILABLE, "epoll needs Linux on x86_64 or aarch64");
        }
        return LoadSpec.builder("https://127.0.0.1:" + s.getAddress().getPort() + "/").io(io)
                .connections(connections).threads(1).duration(Duration.ofMillis(1200))
                // the warm-up takes the cold JVM's first, slow handshakes out of the window
                .warmup(Duration.ofMillis(600)).timeout(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void keepAliveVerifiedAgainstATrustFileHandshakesOncePerConnection(IoKind io) throws Exception {
        var s = server(false);
        try {
            // no warm-up: the four handshakes must fall in the window to be counted
            var r = LoadGenerator.run(spec(io, s, 4).tlsTrust(certificate).warmup(Duration.ZERO)
                    .duration(Duration.ofMillis(2000)).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.requests()).isGreaterThan(20);
            assertThat(r.tls().handshakes()).isEqualTo(4);
            assertThat(r.connectionsOpened()).isEqualTo(4);
            assertThat(r.tls().handshakeMicros().p50()).isPositive();
            assertThat(r.toJson()).contains("\"handshakes\" : 4");
            assertThat(HumanReport.format(r, spec(io, s, 4).tlsTrust(certificate).build())).contains("4 handshakes");
        } finally {
            s.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void aBodyLargerThanTheSocketTakesIsSentInFullRecordByRecord(IoKind io) throws Exception {
        // 1 MiB per request: the socket fills, the records it did not take are held and sent when it drains
        var s = server(false);
        try {
            var r = LoadGenerator.run(spec(io, s, 2).method("POST").body(new byte[1 << 20]).tlsInsecure(true).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.requests()).isPositive();
        } finally {
            s.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void shortConnectionsResumeTheirSessionsWhenAsked(IoKind io) throws Exception {
        var s = server(false);
        try {
            var r = LoadGenerator.run(spec(io, s, 2).shortConnections(true).tlsInsecure(true).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.requests()).isGreaterThan(3);
            // one handshake per request (give or take the one in flight at either end of the window)
            assertThat(r.tls().handshakes()).isBetween(r.requests() - 2, r.requests() + 2);
            assertThat(r.tls().resume()).isTrue();
            assertThat(r.tls().resumed()).isGreaterThan(r.tls().handshakes() / 2);
        } finally {
            s.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void withResumptionOffEveryHandshakeIsFull(IoKind io) throws Exception {
        var s = server(false);
        try {
            // verified against the trust file: the name (an IP SAN) is checked without resumption too
            var r = LoadGenerator.run(spec(io, s, 2).shortConnections(true).tlsTrust(certificate).tlsResume(false).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.tls().handshakes()).isGreaterThan(3);
            assertThat(r.tls().resumed()).isZero();
        } finally {
            s.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void aConnectionCloseAnswerReconnectsWithANewHandshake(IoKind io) throws Exception {
        var s = server(true);
        try {
            var r = LoadGenerator.run(spec(io, s, 2).tlsInsecure(true).build());
            assertThat(r.errors().total()).isZero();
            assertThat(r.requests()).isGreaterThan(3);
            assertThat(r.tls().handshakes()).isBetween(r.requests() - 2, r.requests() + 2);
        } finally {
            s.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoKind.class, names = {"EPOLL", "NIO"})
    void anUntrustedCertificateFailsEveryHandshakeAsTls(IoKind io) throws Exception {
        var s = server(false);
        try {
            // the JDK's CAs do not know the test certificate
            var r = LoadGenerator.run(spec(io, s, 2).build());
            assertThat(r.requests()).isZero();
            assertThat(r.errors().tls()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().tls());
            assertThat(r.tls().failed()).isEqualTo(r.errors().tls());
        } finally {
            s.stop(0);
        }
    }

    @Test
    void tlsFlagsAreCheckedAndNamed() throws Exception {
        assertThatThrownBy(() -> LoadSpec.builder("http://127.0.0.1:1/").tlsInsecure(true).build())
                .isInstanceOf(LoadSpecException.class).hasMessageContaining("--tls-insecure")
                .hasMessageContaining("https:// URLs only");
        assertThatThrownBy(() -> LoadSpec.builder("https://127.0.0.1:1/").tlsInsecure(true).tlsTrust(certificate).build())
                .hasMessageContaining("--tls-insecure cannot be combined with --tls-trust");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> LoadSpec.builder("https://127.0.0.1:1/").tlsTrust(junk).build())
                .hasMessageContaining("--tls-trust accepts a PEM certificate file").hasMessageContaining("junk.pem");
        assertThatThrownBy(() -> LoadSpec.builder("https://127.0.0.1:1/").tlsTrust(dir.resolve("missing.p12")).build())
                .hasMessageContaining("--tls-trust").hasMessageContaining("missing.p12");
        var spec = LoadSpec.builder("https://example.test/x").build();
        assertThat(spec.target().port()).isEqualTo(443);
        assertThat(spec.target().hostHeader()).isEqualTo("example.test");
        assertThat(spec.tls().resume()).isTrue();
        assertThat(spec.tls().insecure()).isFalse();
        assertThat(LoadSpec.builder("https://127.0.0.1:1/").tlsTrust(keystore).build().tls().trustFile()).isEqualTo(keystore);
    }
}
