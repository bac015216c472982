package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.tls.SelfSigned;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --tls-*}: every bad key, file or flag is one line naming it, before the port opens; good ones serve. */
@Timeout(60)
class ServeTlsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    private static void assertOneLineError(Run r, String... mentions) {
        assertThat(r.exit()).isNotZero();
        assertThat(r.err().strip().lines().count()).as("error lines in %s", r.err()).isEqualTo(1);
        for (var m : mentions) {
            assertThat(r.err()).contains(m);
        }
    }

    private Path[] pem(String name) throws Exception {
        var keys = SelfSigned.create();
        var cert = dir.resolve(name + ".crt");
        var key = dir.resolve(name + ".key");
        keys.writePem(cert, key);
        return new Path[]{cert, key};
    }

    @Test
    void aKeyFileThatIsNotAKeyIsNamed() throws Exception {
        var files = pem("a");
        Files.writeString(files[1], "not a key at all\n");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", files[0].toString(), "--tls-key",
                files[1].toString()), files[1].toString(), "private key");
        Files.writeString(files[1], "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", files[0].toString(), "--tls-key",
                files[1].toString()), files[1].toString());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateNamesBoth() throws Exception {
        var a = pem("a");
        var b = pem("b");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", a[0].toString(), "--tls-key",
                b[1].toString()), b[1].toString(), a[0].toString(), "does not match");
    }

    @Test
    void missingAndUnreadableFilesAreNamed() throws Exception {
        var a = pem("a");
        var missing = dir.resolve("nope.crt");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", missing.toString(), "--tls-key",
                a[1].toString()), missing.toString(), "does not exist");
        Files.setPosixFilePermissions(a[1], PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(a[1]), "running as a user who reads any file (root)");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", a[0].toString(), "--tls-key",
                a[1].toString()), a[1].toString(), "cannot be read");
    }

    @Test
    void keystoreWithAWrongPasswordOrNotAKeystoreIsNamed() throws Exception {
        var keys = SelfSigned.create();
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("k", keys.keys().getPrivate(), "secret".toCharArray(),
                new Certificate[]{keys.certificate()});
        var file = dir.resolve("server.p12");
        try (var out = Files.newOutputStream(file)) {
            store.store(out, "secret".toCharArray());
        }
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-keystore", file.toString(),
                "--tls-keystore-password", "wrong"), file.toString(), "password");
        var junk = dir.resolve("junk.p12");
        Files.writeString(junk, "junk");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-keystore", junk.toString()), junk.toString());
    }

    @Test
    void flagsThatNeedKeysOrNameBadValuesAreRefused() throws Exception {
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-handshake", "workers"), "--tls-handshake",
                "--tls-self-signed");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-self-signed", "--tls-handshake", "gpu"),
                "--tls-handshake", "loop or workers");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-self-signed", "--tls-resumption", "maybe"),
                "--tls-resumption", "on or off");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-self-signed", "--tls-protocols", "TLSv1.1"),
                "TLSv1.1");
        var a = pem("a");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-cert", a[0].toString()), "--tls-key");
        assertOneLineError(run("serve", "--port", "0", "--no-admin", "--tls-self-signed", "--tls-cert", a[0].toString(),
                "--tls-key", a[1].toString()), "one of");
    }

    @Test
    void selfSignedServesHttpsToCurl() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        try (var p = ServeProcess.start("--protocol", "http", "--port", "0", "--no-admin", "--tls-self-signed",
                "--tls-handshake", "workers", "--tls-resumption", "off", "--tls-protocols", "TLSv1.3")) {
            var line = p.readLine();
            int port = ServeProcess.port(line);
            assertThat(p.readLine()).startsWith("shardloop: TLS TLSv1.3").contains("handshake on workers")
                    .contains("resumption off").contains("ALPN http/1.1");
            var curl = new ProcessBuilder("curl", "-sS", "-k", "--http1.1", "https://127.0.0.1:" + port + "/plaintext")
                    .redirectErrorStream(true).start();
            assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Hello, World!");
            p.stopGracefully();
        }
    }
}
