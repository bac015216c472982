package io.shardloop.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys from PEM (PKCS#8, PKCS#1, SEC1; RSA and EC) and PKCS#12, and the one-line errors that name the file. */
class TlsKeysTest {
    @TempDir
    Path dir;

    @Test
    void rsaAndEcPkcs8PemKeysServeTheirCertificates() throws Exception {
        for (var algorithm : List.of("RSA", "EC")) {
            var keys = keyPair(algorithm);
            var cert = dir.resolve(algorithm + ".crt");
            var key = dir.resolve(algorithm + ".key");
            Files.writeString(cert, pem("CERTIFICATE", certificate(keys, algorithm).getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            var ctx = TlsKeys.fromPem(cert, key);
            assertThat(TlsConfig.of(ctx).newEngine().getUseClientMode()).isFalse();
            assertThat(TlsKeys.readPrivateKey(key).getAlgorithm()).isEqualTo(algorithm);
        }
    }

    /**
     * Bouncy Castle is optional: core's TLS classes loaded by a loader that cannot see it still read a PKCS#12
     * keystore, and PEM keys and self-signed certificates refuse naming what to add.
     */
    @Test
    void withoutBouncyCastleAKeystoreServesAndPemAndSelfSignedRefuseByName() throws Exception {
        var keys = keyPair("EC");
        var chain = new Certificate[] {certificate(keys, "EC")};
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), "pw".toCharArray(), chain);
        var p12 = dir.resolve("server.p12");
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, "pw".toCharArray());
        }
        var key = dir.resolve("ec.key");
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        var coreClasses = TlsKeys.class.getProtectionDomain().getCodeSource().getLocation();
        try (var bare = new java.net.URLClassLoader(new java.net.URL[] {coreClasses}, ClassLoader.getPlatformClassLoader())) {
            assertThat(BouncyCastle.visible(bare)).isFalse();
            var tlsKeys = bare.loadClass(TlsKeys.class.getName());
            var context = tlsKeys.getMethod("fromPkcs12", Path.class, char[].class).invoke(null, p12, "pw".toCharArray());
            assertThat(((javax.net.ssl.SSLContext) context).createSSLEngine().getSupportedProtocols()).contains("TLSv1.3");
            var pemRefusal = assertThatThrownBy(() -> tlsKeys.getMethod("readPrivateKey", Path.class).invoke(null, key));
            pemRefusal.cause().hasMessageContaining("org.bouncycastle:bcpkix-jdk18on").hasMessageContaining(key.toString());
            var selfSigned = bare.loadClass(SelfSigned.class.getName());
            assertThatThrownBy(() -> selfSigned.getMethod("create").invoke(null))
                    .cause().hasMessageContaining("--tls-self-signed").hasMessageContaining("org.bouncycastle:bcpkix-jdk18on");
        }
        assertThat(BouncyCastle.visible(TlsKeys.class.getClassLoader())).isTrue();
    }

    @Test
    void traditionalRsaAndEcKeyFormatsAreRead() throws Exception {
        var keys = keyPair("RSA");
        var key = dir.resolve("rsa-traditional.key");
        try (var w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
            w.writeObject(keys.getPrivate()); // BEGIN RSA PRIVATE KEY (PKCS#1)
        }
        assertThat(Files.readString(key)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(TlsKeys.readPrivateKey(key).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        var ec = dir.resolve("ec-sec1.key"); // BEGIN EC PRIVATE KEY, as openssl writes it
        var p = new ProcessBuilder("/usr/bin/openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
                ec.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(ec)).contains("BEGIN EC PRIVATE KEY");
        assertThat(TlsKeys.readPrivateKey(ec).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() throws Exception {
        var a = SelfSigned.create();
        var b = SelfSigned.create();
        var cert = dir.resolve("a.crt");
        var key = dir.resolve("b.key");
        a.writePem(cert, dir.resolve("a.key"));
        b.writePem(dir.resolve("b.crt"), key);
        assertThatThrownBy(() -> TlsKeys.fromPem(cert, key)).isInstanceOf(TlsSetupException.class)
                .hasMessage("TLS key " + key + " does not match the certificate in " + cert);
        var rsa = keyPair("RSA");
        Files.writeString(key, pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        assertThatThrownBy(() -> TlsKeys.fromPem(cert, key)).hasMessageContaining("does not match");
    }

    @Test
    void badFilesGetOneLineNamingThem() throws Exception {
        var good = SelfSigned.create();
        var cert = dir.resolve("c.crt");
        var key = dir.resolve("c.key");
        good.writePem(cert, key);
        var junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello\n");
        var missing = dir.resolve("missing.pem");
        for (var t : List.<Runnable>of(() -> TlsKeys.fromPem(junk, key), () -> TlsKeys.fromPem(cert, junk),
                () -> TlsKeys.fromPem(missing, key), () -> TlsKeys.fromPem(cert, missing),
                () -> TlsKeys.fromPkcs12(junk, new char[0]), () -> TlsKeys.fromPkcs12(missing, new char[0]))) {
            assertThatThrownBy(t::run).isInstanceOf(TlsSetupException.class)
                    .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1))
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(junk.toString(), missing.toString()));
        }
        Files.writeString(junk, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsKeys.fromPem(cert, junk)).hasMessageContaining(junk.toString());
    }

    @Test
    void pkcs12KeystoresOpenWithTheirPasswordOnly() throws Exception {
        var keys = SelfSigned.create();
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("k", keys.keys().getPrivate(), "pw".toCharArray(),
                new Certificate[]{keys.certificate()});
        var file = dir.resolve("s.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "pw".toCharArray());
        }
        assertThat(TlsKeys.fromPkcs12(file, "pw".toCharArray())).isNotNull();
        assertThatThrownBy(() -> TlsKeys.fromPkcs12(file, "nope".toCharArray())).isInstanceOf(TlsSetupException.class)
                .hasMessage("TLS keystore " + file + ": wrong password");
    }

    @Test
    void defaultsAreTls13And12WithAeadSuitesOnly() {
        var c = TlsConfig.of(SelfSigned.create().context());
        assertThat(c.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(c.cipherSuites()).isNotEmpty().allSatisfy(s -> assertThat(s).containsAnyOf("GCM", "CHACHA20")
                .doesNotContain("CBC").doesNotStartWith("TLS_RSA_")); // no static RSA key exchange
        assertThat(c.resumption()).isTrue();
        assertThat(c.handshake()).isEqualTo(TlsHandshake.LOOP);
        var engine = c.newEngine();
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThatThrownBy(() -> TlsConfig.builder(SelfSigned.create().context()).protocols("TLSv1.1").build())
                .hasMessageContaining("TLSv1.1");
        assertThatThrownBy(() -> TlsConfig.builder(SelfSigned.create().context()).cipherSuites(List.of("TLS_NOPE"))
                .build()).hasMessageContaining("TLS_NOPE");
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        var gen = KeyPairGenerator.getInstance(algorithm);
        gen.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return gen.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair keys, String algorithm) throws Exception {
        var name = new X500Name("CN=localhost");
        var now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), name, keys.getPublic());
        var signer = new JcaContentSignerBuilder(algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA")
                .build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
