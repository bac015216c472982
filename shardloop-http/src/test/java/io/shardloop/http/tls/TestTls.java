package io.shardloop.http.tls;

import io.shardloop.tls.SelfSigned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** The test certificate (made once per JVM) and clients that trust it. Thread contract: immutable. */
final class TestTls {
    static final SelfSigned KEYS = SelfSigned.create();
    private static Path certFile;

    private TestTls() {
    }

    /** The certificate as a PEM file, for curl --cacert and openssl -CAfile. */
    static synchronized Path certificatePem() {
        if (certFile == null) {
            try {
                certFile = Files.createTempFile("shardloop-test-cert", ".pem");
                certFile.toFile().deleteOnExit();
                Files.writeString(certFile, KEYS.certificatePem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return certFile;
    }

    /** A client context whose trust store holds only the test certificate. */
    static SSLContext clientContext() {
        try {
            var trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test", KEYS.certificate());
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            var ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connected, handshaken client socket to 127.0.0.1:port with a 10 s read timeout. */
    static SSLSocket connect(SSLContext ctx, int port, String... protocols) throws IOException {
        var s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(10_000);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        var p = s.getSSLParameters();
        p.setApplicationProtocols(new String[]{"http/1.1"});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** A plain TCP socket (for hostile input) with a 10 s read timeout. */
    static Socket plain(int port) throws IOException {
        var s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    static boolean onPath(String tool) {
        for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
