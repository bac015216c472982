package io.shardloop.model;

import io.shardloop.tls.SelfSigned;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed server key for the tests' TLS servers, and a JDK client that trusts it. */
final class TestTls {
    static final SelfSigned KEYS = SelfSigned.create();

    private TestTls() {
    }

    static SSLContext clientContext() throws Exception {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("server", KEYS.certificate());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        var ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust.getTrustManagers(), null);
        return ctx;
    }

    static SSLSocket connect(SSLContext ctx, int port) throws IOException {
        var raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return over(ctx, raw, true);
    }

    /** A TLS client over a connected socket; {@code autoClose} false leaves {@code raw} open when it closes. */
    static SSLSocket over(SSLContext ctx, Socket raw, boolean autoClose) throws IOException {
        var s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), autoClose);
        s.setUseClientMode(true);
        var p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(null); // the self-signed certificate names no host
        s.setSSLParameters(p);
        return s;
    }

    static String echo(SSLSocket s, String what) throws IOException {
        s.setSoTimeout(10_000);
        var bytes = what.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }
}
