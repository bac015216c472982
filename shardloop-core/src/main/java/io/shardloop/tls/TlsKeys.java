package io.shardloop.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Server keys into an {@link SSLContext}: a PEM certificate chain with its PEM private key (PKCS#8, or the older
 * PKCS#1 RSA and SEC1 EC forms), a PKCS#12 keystore, or a throw-away self-signed certificate. Every failure is a
 * {@link TlsSetupException} whose one-line message names the file, thrown before any port opens.
 * Thread contract: any thread (no state).
 */
public final class TlsKeys {
    private TlsKeys() {
    }

    /** The chain in {@code certFile} (leaf first) served with the key in {@code keyFile}, which must match it. */
    public static SSLContext fromPem(Path certFile, Path keyFile) {
        var chain = readCertificates(certFile);
        var key = readPrivateKey(keyFile);
        if (!matches(key, chain.getFirst().getPublicKey())) {
            throw new TlsSetupException("TLS key " + keyFile + " does not match the certificate in " + certFile);
        }
        return context(key, chain);
    }

    /** The first private key entry of a PKCS#12 keystore and its chain. */
    public static SSLContext fromPkcs12(Path file, char[] password) {
        var store = loadPkcs12(file, password);
        try {
            for (var alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    var key = (PrivateKey) store.getKey(alias, password);
                    var chain = store.getCertificateChain(alias);
                    if (chain == null || chain.length == 0) {
                        throw new TlsSetupException("TLS keystore " + file + ": key '" + alias + "' has no certificate");
                    }
                    return context(key, Arrays.stream(chain).map(c -> (X509Certificate) c).toList());
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new TlsSetupException("TLS keystore " + file + ": the key's password is not the keystore's", e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("TLS keystore " + file + ": " + e.getMessage(), e);
        }
        throw new TlsSetupException("TLS keystore " + file + " holds no private key");
    }

    /** An {@link SSLContext} serving {@code key} with {@code chain} (leaf first). */
    public static SSLContext context(PrivateKey key, List<X509Certificate> chain) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            var ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("TLS keys cannot be used: " + e.getMessage(), e);
        }
    }

    /** The X.509 certificates of a PEM file, leaf first. */
    public static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = open(file, "certificate")) {
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new TlsSetupException("TLS certificate " + file + " holds no certificate");
            }
            return certs.stream().map(c -> (X509Certificate) c).toList();
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("TLS certificate " + file + " is not a PEM X.509 certificate ("
                    + oneLine(e) + ")", e);
        } catch (IOException e) {
            throw new TlsSetupException("TLS certificate " + file + " cannot be read: " + oneLine(e), e);
        }
    }

    /** The private key of a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA or SEC1 EC; not encrypted. */
    public static PrivateKey readPrivateKey(Path file) {
        BouncyCastle.require("a PEM private key (--tls-key " + file + ")");
        return BouncyCastleCertificates.readPrivateKey(readable(file, "key"), file);
    }

    private static KeyStore loadPkcs12(Path file, char[] password) {
        try (InputStream in = open(file, "keystore")) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsSetupException("TLS keystore " + file + ": wrong password", e);
            }
            throw new TlsSetupException("TLS keystore " + file + " is not a PKCS#12 keystore or cannot be read ("
                    + oneLine(e) + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("TLS keystore " + file + ": " + oneLine(e), e);
        }
    }

    /** Whether {@code key} is the private half of {@code pub}: a signature made with one verifies with the other. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        var algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "shardloop key check".getBytes(StandardCharsets.US_ASCII);
            var signer = signature(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] sig = signer.sign();
            var verifier = signature(algorithm);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        var s = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) { // a PSS key names no parameters of its own here: pick common ones
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        return s;
    }

    private static InputStream open(Path file, String what) throws IOException {
        return Files.newInputStream(readable(file, what));
    }

    private static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new TlsSetupException("TLS " + what + " " + file + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsSetupException("TLS " + what + " " + file + " cannot be read (permission denied)");
        }
        return file;
    }

    static String oneLine(Throwable e) {
        var m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
