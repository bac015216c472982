package io.shardloop.lab.cli;

import io.shardloop.tls.SelfSigned;
import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.tls.TlsKeys;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * The TLS flags of {@code serve}: where the keys come from (one of a PEM pair, a PKCS#12 keystore or a throw-away
 * self-signed certificate) and the options; {@code --tls-resumption}, which load shares, is {@link TlsResumptionOption}.
 * Bad files fail in {@link #config(Boolean)}, before the port opens, with one line
 * that names the file. Thread contract: picocli's thread.
 */
final class TlsOptions {
    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "serve TLS with this PEM certificate chain (leaf first); needs --tls-key")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "the PEM private key of --tls-cert: PKCS#8 (BEGIN PRIVATE KEY), RSA or EC, unencrypted")
    Path key;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "serve TLS with the first key of this PKCS#12 keystore")
    Path keystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "password of --tls-keystore (default: empty)")
    String keystorePassword;

    @Option(names = "--tls-self-signed",
            description = "serve TLS with a throw-away EC P-256 certificate for localhost, made at start (tests, lab)")
    boolean selfSigned;

    @Option(names = "--tls-handshake", paramLabel = "loop|workers", defaultValue = "loop",
            converter = CliConverters.Handshake.class,
            description = "loop models: run the handshake's heavy work on the connection's loop, or on workers with "
                    + "the connection's reads paused (default: ${DEFAULT-VALUE})")
    TlsHandshake handshake;

    @Option(names = "--tls-protocols", paramLabel = "LIST", split = ",", defaultValue = "TLSv1.3,TLSv1.2",
            description = "enabled TLS protocols (default: ${DEFAULT-VALUE})")
    List<String> protocols;

    @Option(names = "--tls-ciphers", paramLabel = "LIST", split = ",",
            description = "enabled cipher suites in preference order (default: TLS 1.3's AEAD suites and TLS 1.2's "
                    + "ECDHE with AES-GCM or ChaCha20-Poly1305)")
    List<String> ciphers;

    /** True when any key source is given. */
    boolean enabled() {
        return selfSigned || cert != null || key != null || keystore != null;
    }

    /**
     * The TLS configuration, or null when no key source is given.
     *
     * @param resumption {@code --tls-resumption}: null (not given) lets clients resume, as on does
     * @throws IllegalArgumentException one line naming the flag or file at fault
     */
    TlsConfig config(Boolean resumption) {
        if (!enabled()) {
            return null;
        }
        int sources = (selfSigned ? 1 : 0) + (cert != null || key != null ? 1 : 0) + (keystore != null ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException("give one of --tls-self-signed, --tls-cert with --tls-key, or --tls-keystore");
        }
        SSLContext context;
        if (selfSigned) {
            context = SelfSigned.create().context();
        } else if (keystore != null) {
            context = TlsKeys.fromPkcs12(keystore, keystorePassword.toCharArray());
        } else if (cert == null || key == null) {
            throw new IllegalArgumentException(cert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        } else {
            context = TlsKeys.fromPem(cert, key);
        }
        return TlsConfig.builder(context).protocols(protocols.stream().map(String::trim).toList())
                .cipherSuites(ciphers == null ? List.of() : ciphers.stream().map(String::trim).toList())
                .handshake(handshake).resumption(resumption == null || resumption).build();
    }
}
