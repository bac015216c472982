package io.shardloop.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One run's TLS client side: the JDK's {@link SSLContext} (its client session cache is what resumption draws on,
 * shared by every load thread) and the engines for new connections. Whether a handshake was full or resumed is told
 * by whether the server's certificate was checked during it (a resumed handshake carries none): the trust manager
 * notes, per thread, the engine it last checked. Engines are made and driven on the load threads; the context is
 * thread-safe.
 */
final class TlsClient {

    private final SSLContext context;
    private final TlsOptions options;
    private final String host;
    private final int port;
    private final boolean hostIsName;
    private final ThreadLocal<SSLEngine> lastChecked = new ThreadLocal<>();
    /** Without resumption: a cache key of its own for each engine (see {@link #newEngine()}). */
    private final AtomicInteger unshared = new AtomicInteger();

    TlsClient(TlsOptions options, String host, int port) {
        this.options = options;
        this.host = host;
        this.port = port;
        this.hostIsName = !host.contains(":") && !host.matches("[0-9.]+");
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new NotingTrustManager(delegate(options))}, null);
            if (!options.resume()) {
                context.getClientSessionContext().setSessionCacheSize(1); // only ever looked up by keys it lacks
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * A client engine for a new connection. The JDK offers the cached session of the engine's host and port; the
     * port is used for nothing else on a client (the name check uses the host). So with resumption the engine gets
     * the target's port, and without it a number of its own, never found in the cache (of one entry, then).
     */
    SSLEngine newEngine() {
        int key = options.resume() ? port : 1 + (unshared.getAndIncrement() & 0xffff);
        SSLEngine engine = context.createSSLEngine(host, key);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (hostIsName) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        if (!options.insecure()) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the server's name is checked, not just its chain
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /** True when the server's certificate was checked for {@code engine} since the last call: a full handshake. */
    boolean takeFullHandshake(SSLEngine engine) {
        if (lastChecked.get() == engine) {
            lastChecked.remove();
            return true;
        }
        return false;
    }

    /** The keystore {@code --tls-trust} names, or null for the JDK's CAs; a bad file is a {@link LoadSpecException}. */
    static KeyStore trustStore(TlsOptions options) {
        Path file = options.trustFile();
        if (file == null) {
            return null;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks;
            if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks")) {
                ks = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
                ks.load(in, null); // certificates only: no password needed to read trusted entries
            } else {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("trusted-" + i++, c);
                }
                if (i == 0) {
                    throw new CertificateException("no certificate in it");
                }
            }
            if (ks.size() == 0) {
                throw new CertificateException("no certificate in it");
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new LoadSpecException("--tls-trust", "accepts a PEM certificate file or a PKCS#12 (.p12) or JKS"
                    + " (.jks) keystore, got '" + file + "' (" + e.getMessage() + ")");
        }
    }

    private static X509ExtendedTrustManager delegate(TlsOptions options) throws GeneralSecurityException {
        if (options.insecure()) {
            return null;
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore(options));
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Checks the server through the delegate (none: accepts anything) and notes the engine it checked. */
    private final class NotingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        NotingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (delegate != null) {
                delegate.checkServerTrusted(chain, authType, engine);
            }
            lastChecked.set(engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (delegate != null) {
                delegate.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (delegate != null) {
                delegate.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a load generator does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a load generator does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a load generator does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
        }
    }
}
