package io.shardloop.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A throw-away EC P-256 key and a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made in
 * memory (Bouncy Castle builds the X.509 structure; the JDK makes the key and the signature). For tests and the
 * lab, never for a server that real clients must trust. Thread contract: immutable.
 */
public record SelfSigned(KeyPair keys, X509Certificate certificate) {

    /** A fresh key and a certificate valid from an hour ago for 30 days. */
    public static SelfSigned create() {
        return create(List.of("localhost"), List.of("127.0.0.1", "::1"));
    }

    public static SelfSigned create(List<String> dnsNames, List<String> ipAddresses) {
        BouncyCastle.require("--tls-self-signed (a certificate made at start)");
        try {
            var gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            var keys = gen.generateKeyPair();
            return new SelfSigned(keys, BouncyCastleCertificates.selfSigned(keys, dnsNames, ipAddresses));
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return TlsKeys.context(keys.getPrivate(), List.of(certificate));
    }

    /** The certificate in PEM, for a client's trust store (curl --cacert). */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key in PEM (PKCS#8). */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    /** Writes the certificate and the key as PEM files. */
    public void writePem(Path certFile, Path keyFile) throws IOException {
        Files.writeString(certFile, certificatePem());
        Files.writeString(keyFile, privateKeyPem());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
