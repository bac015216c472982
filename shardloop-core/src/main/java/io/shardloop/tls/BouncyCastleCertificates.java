package io.shardloop.tls;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The X.509 work that needs Bouncy Castle, kept out of {@link SelfSigned} and {@link TlsKeys} so that those load
 * without it (Bouncy Castle is an optional dependency: a server with a PKCS#12 keystore or an SSLContext of its own
 * needs none). Callers check {@link BouncyCastle#require} first. Stateless.
 */
final class BouncyCastleCertificates {
    private BouncyCastleCertificates() {
    }

    /** A certificate for {@code keys}, self-signed, valid from an hour ago for 30 days, for these names. */
    static X509Certificate selfSigned(KeyPair keys, List<String> dnsNames, List<String> ipAddresses)
            throws GeneralSecurityException {
        try {
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
            return cert;
        } catch (OperatorCreationException | CertIOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** The private key in the PEM file {@code path} (named {@code file} in messages); see {@link TlsKeys#readPrivateKey}. */
    static PrivateKey readPrivateKey(Path path, Path file) {
        Object pem;
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.US_ASCII);
             var parser = new PEMParser(r)) {
            pem = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException("TLS key " + file + " is not a PEM private key (" + TlsKeys.oneLine(e) + ")", e);
        }
        var converter = new JcaPEMKeyConverter();
        try {
            return switch (pem) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public half
                case PKCS8EncryptedPrivateKeyInfo ignored -> throw new TlsSetupException("TLS key " + file
                        + " is encrypted; give an unencrypted PKCS#8 key or a PKCS#12 keystore with its password");
                case null -> throw new TlsSetupException("TLS key " + file
                        + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
                default -> throw new TlsSetupException("TLS key " + file + " holds a "
                        + pem.getClass().getSimpleName() + ", not a private key");
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsSetupException t) {
                throw t;
            }
            throw new TlsSetupException("TLS key " + file + " cannot be decoded: " + TlsKeys.oneLine(e), e);
        }
    }
}
