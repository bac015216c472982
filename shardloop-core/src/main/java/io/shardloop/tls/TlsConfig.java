package io.shardloop.tls;

import io.shardloop.nativeio.Faults;
import java.net.Socket;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A server's TLS: the keys (an {@link SSLContext}, see {@link TlsKeys}) and the options every threading model
 * applies, each with a documented default ({@link #builder}). The counters are the server's ({@link TlsCounters}).
 *
 * @param context              the keys and the JDK provider's session cache
 * @param protocols            enabled protocols, in preference order (default TLSv1.3, TLSv1.2)
 * @param cipherSuites         enabled suites, in preference order, the server's order winning (default: the AEAD
 *                             suites of TLS 1.3 and the ECDHE+AEAD ones of TLS 1.2 the provider supports; no RSA key
 *                             exchange, no CBC, no SHA-1 MACs)
 * @param applicationProtocols ALPN names offered (default none; the HTTP server offers {@code http/1.1})
 * @param handshake            where the loop models run the handshake's heavy work (default {@code loop})
 * @param resumption           whether clients may resume sessions (TLS 1.3 tickets, TLS 1.2 session ids and
 *                             tickets) (default true). Off turns the context's ticket lifetime past what TLS 1.3
 *                             allows, so that no ticket is sent, and invalidates every session at its handshake's end.
 * @param counters             the handshake counters, read by /stats and /metrics
 */
public record TlsConfig(SSLContext context, List<String> protocols, List<String> cipherSuites,
                        List<String> applicationProtocols, TlsHandshake handshake, boolean resumption,
                        TlsCounters counters) {
    /** TLS 1.3's ticket lifetime limit (RFC 8446 4.6.1); the JDK sends no ticket when sessions live longer. */
    private static final int NO_TICKETS_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static {
        // TLS 1.2 renegotiation asked by a client costs the server a full handshake per request of the attacker's
        // and buys nothing: refused JVM-wide (the JDK reads it at its first server handshake), unless set already.
        // The loop models' engine layer refuses it too (TlsSocket), whatever this says.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    public TlsConfig {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(counters, "counters");
        var supported = context.getSupportedSSLParameters();
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no TLS protocol enabled; use TLSv1.3 and/or TLSv1.2");
        }
        var known = Set.of(supported.getProtocols());
        for (var p : protocols) {
            if (!known.contains(p) || !p.startsWith("TLSv1.")) {
                throw new IllegalArgumentException("TLS protocol '" + p + "' is not supported; use TLSv1.3 and/or TLSv1.2");
            }
            if (p.equals("TLSv1") || p.equals("TLSv1.1")) {
                throw new IllegalArgumentException("TLS protocol '" + p + "' is obsolete (RFC 8996); use TLSv1.3 and/or TLSv1.2");
            }
        }
        var suites = Set.of(supported.getCipherSuites());
        if (cipherSuites.isEmpty()) {
            cipherSuites = DEFAULT_CIPHER_SUITES.stream().filter(suites::contains).toList();
        } else {
            for (var s : cipherSuites) {
                if (!suites.contains(s)) {
                    throw new IllegalArgumentException("TLS cipher suite '" + s + "' is not supported here");
                }
            }
            cipherSuites = List.copyOf(cipherSuites);
        }
        applicationProtocols = List.copyOf(applicationProtocols);
        if (!resumption) {
            context.getServerSessionContext().setSessionTimeout(NO_TICKETS_TIMEOUT_SECONDS);
        }
    }

    /** The defaults around {@code context}. */
    public static TlsConfig of(SSLContext context) {
        return builder(context).build();
    }

    public static Builder builder(SSLContext context) {
        return new Builder(context);
    }

    public Builder toBuilder() {
        return new Builder(context).protocols(protocols).cipherSuites(cipherSuites)
                .applicationProtocols(applicationProtocols).handshake(handshake).resumption(resumption);
    }

    /** The same options offering {@code alpn} when none was chosen (the HTTP server's http/1.1). */
    public TlsConfig withDefaultAlpn(String alpn) {
        return applicationProtocols.isEmpty()
                ? new TlsConfig(context, protocols, cipherSuites, List.of(alpn), handshake, resumption, counters)
                : this;
    }

    /** A server-side engine with these options, for a loop model's connection. */
    public SSLEngine newEngine() {
        if (Faults.ENABLED && Faults.failure(Faults.Call.TLS_START, Faults.ANY) != 0) {
            throw new IllegalStateException("the TLS engine was refused (an injected fault)");
        }
        var e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(parameters(e.getSSLParameters()));
        return e;
    }

    /** A server-side socket with these options over an accepted blocking socket (connection-thread models). */
    public SSLSocket wrap(Socket accepted) throws IOException {
        var s = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
        s.setUseClientMode(false);
        s.setSSLParameters(parameters(s.getSSLParameters()));
        return s;
    }

    private SSLParameters parameters(SSLParameters p) {
        p.setProtocols(protocols.toArray(String[]::new));
        p.setCipherSuites(cipherSuites.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        p.setNeedClientAuth(false);
        if (!applicationProtocols.isEmpty()) {
            p.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        return p;
    }

    /**
     * Counts a completed handshake that began at {@code startMillis} (wall clock) and took {@code nanos}. A session
     * created before the handshake began is one it resumed. With resumption off the session is invalidated, so
     * that no later handshake finds it in the cache.
     */
    public void completed(SSLSession session, long startMillis, long nanos) {
        counters.completed(nanos, session.getCreationTime() < startMillis);
        if (!resumption) {
            session.invalidate();
        }
    }

    /** Describes the options in one line for the startup banner. */
    public String describe() {
        return String.join(",", protocols) + ", handshake on " + handshake + ", resumption " + (resumption ? "on" : "off")
                + (applicationProtocols.isEmpty() ? "" : ", ALPN " + String.join(",", applicationProtocols));
    }

    /** Builds a {@link TlsConfig}; starts from the documented defaults. Not thread-safe. */
    public static final class Builder {
        private final SSLContext context;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private List<String> applicationProtocols = List.of();
        private TlsHandshake handshake = TlsHandshake.LOOP;
        private boolean resumption = true;

        private Builder(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        public Builder protocols(List<String> v) {
            protocols = v;
            return this;
        }

        public Builder protocols(String... v) {
            return protocols(Arrays.asList(v));
        }

        /** Empty: the defaults ({@link #DEFAULT_CIPHER_SUITES} the provider supports). */
        public Builder cipherSuites(List<String> v) {
            cipherSuites = v;
            return this;
        }

        public Builder applicationProtocols(List<String> v) {
            applicationProtocols = v;
            return this;
        }

        public Builder handshake(TlsHandshake v) {
            handshake = v;
            return this;
        }

        public Builder resumption(boolean v) {
            resumption = v;
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(context, protocols, cipherSuites, applicationProtocols, handshake, resumption,
                    new TlsCounters());
        }
    }
}
