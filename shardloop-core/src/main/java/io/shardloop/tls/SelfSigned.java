package io.shardloop.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
        try {
            var gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            var keys = gen.generateKeyPair();
            var name = new X500Name("CN=" + dnsNames.getFirst() + ", O=shardloop self-signed");
            var now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    keys.getPublic());
            var sans = new ArrayList<GeneralName>();
            dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
            ipAddresses.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            var cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new SelfSigned(keys, cert);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
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
