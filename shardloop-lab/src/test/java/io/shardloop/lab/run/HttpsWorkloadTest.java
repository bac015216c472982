package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https workloads' arguments: the server child gets {@code --tls-self-signed}, the builtin generator an https URL,
 * no verification and the workload's resumption, wrk an https URL (and the resumed short one its Connection: close; wrk resumes, so it cannot make full handshakes). Only
 * the mapping is checked here: the serving side of TLS is not in this build.
 */
class HttpsWorkloadTest {

    @TempDir
    Path dir;

    private static LoadDriver.Spec spec(Workload w) {
        return new LoadDriver.Spec(w, 8443, 64, 1, Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    @Test
    void httpsWorkloadsAreNamedAndPlainOnesAreUnchanged() {
        assertThat(Workload.parse("https-keepalive")).isEqualTo(Workload.HTTPS_KEEPALIVE);
        assertThat(Workload.parse("https-short")).isEqualTo(Workload.HTTPS_SHORT);
        assertThat(Workload.parse("https-short-resumed")).isEqualTo(Workload.HTTPS_SHORT_RESUMED);
        assertThat(Workload.HTTPS_SHORT.protocol()).isEqualTo("http");
        assertThat(Workload.HTTPS_SHORT.url(8443)).isEqualTo("https://127.0.0.1:8443/plaintext");
        assertThat(Workload.HTTP_SHORT.url(8080)).isEqualTo("http://127.0.0.1:8080/plaintext");
        assertThat(Workload.HTTP_KEEPALIVE.serverArgs()).isEmpty();
        assertThat(Workload.ECHO.loadTlsArgs()).isEmpty();
        for (var w : List.of(Workload.HTTPS_KEEPALIVE, Workload.HTTPS_SHORT, Workload.HTTPS_SHORT_RESUMED)) {
            assertThat(w.serverArgs()).containsExactly("--tls-self-signed");
        }
    }

    @Test
    void theBuiltinGeneratorGetsAnHttpsUrlNoVerificationAndTheWorkloadsResumption() throws Exception {
        var full = new BuiltinDriver().commands(List.of(), spec(Workload.HTTPS_SHORT), dir.resolve("a.json")).getFirst();
        assertThat(full).contains("https://127.0.0.1:8443/plaintext", "--short", "--tls-insecure");
        assertThat(String.join(" ", full)).contains("--tls-resumption off");
        var resumed = new BuiltinDriver().commands(List.of(), spec(Workload.HTTPS_SHORT_RESUMED), dir.resolve("b.json"))
                .getFirst();
        assertThat(String.join(" ", resumed)).contains("--short").contains("--tls-resumption on");
        var keepAlive = new BuiltinDriver().commands(List.of(), spec(Workload.HTTPS_KEEPALIVE), dir.resolve("c.json"))
                .getFirst();
        assertThat(keepAlive).contains("https://127.0.0.1:8443/plaintext", "--tls-insecure").doesNotContain("--short");
        var plain = new BuiltinDriver().commands(List.of(), spec(Workload.HTTP_SHORT), dir.resolve("d.json")).getFirst();
        assertThat(plain).doesNotContain("--tls-insecure", "--tls-resumption");
    }

    @Test
    void wrkDrivesHttpsButNotShortConnectionsThatMustNotResume() throws Exception {
        var wrk = new WrkDriver();
        assertThat(wrk.supports(Workload.HTTPS_KEEPALIVE)).isTrue();
        assertThat(wrk.supports(Workload.HTTPS_SHORT)).isFalse();
        assertThat(wrk.supports(Workload.HTTPS_SHORT_RESUMED)).isTrue();
        var cmds = wrk.commands(List.of(), spec(Workload.HTTPS_SHORT_RESUMED), dir.resolve("w.json"));
        assertThat(cmds.getLast()).contains("https://127.0.0.1:8443/plaintext", "Connection: close");
    }
}
