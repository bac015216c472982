package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.matrix.MatrixReport;
import io.shardloop.lab.report.ReportFiles;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.CpuSets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab --link}: flags that say what they accept, a refusal in one line without the capabilities, a real run
 * across the capped veth, and no namespace left after Ctrl-C. The real ones skip where this process is not root.
 */
@Timeout(180)
class LabLinkTest {

    @TempDir
    Path dir;

    @Test
    void badLinkFlagsNameTheFlagAndWhatItAccepts() {
        var kind = LabRun.of("lab", "--link", "wifi", "--out", dir.toString(), "--no-progress");
        assertThat(kind.exit()).isNotZero();
        assertThat(kind.err()).contains("--link accepts loopback or netns, got 'wifi'");
        var rate = LabRun.of("lab", "--link", "netns", "--link-rate", "fast", "--out", dir.toString(), "--no-progress");
        assertThat(rate.err()).contains("--link-rate").contains("'fast' is not a rate in tc's units; expected e.g. 200mbit");
        var alone = LabRun.of("lab", "--link-rate", "10mbit", "--out", dir.toString(), "--no-progress");
        assertThat(alone.err()).contains("--link-rate needs --link netns");
        var ceiling = LabRun.of("lab", "ceiling", "--link-rate", "10mbit", "--out", dir.toString(), "--no-progress");
        assertThat(ceiling.err()).contains("--link-rate needs --link netns");
    }

    @Test
    void withoutCapabilitiesTheLabRefusesInOneLineAndMakesNoNamespace() throws Exception {
        assumeTrue(CpuSets.onPath("setpriv") && CpuSets.onPath("ip"), "needs setpriv and ip");
        // setpriv empties the bounding set, so even root's JVM starts without CAP_SYS_ADMIN and CAP_NET_ADMIN
        var cmd = ChildJvm.cli(List.of("setpriv", "--bounding-set=-all"), List.of(), List.of("lab", "--link", "netns",
                "--models", "single-reactor", "--workloads", "http-keepalive", "--out", dir.resolve("out").toString(), "--no-progress"));
        var log = dir.resolve("lab.log");
        var p = ChildJvm.start(cmd, log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var err = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isNotZero();
        assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
        assertThat(err).contains("--link netns needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN)");
        assertThat(namespaces()).noneMatch(n -> n.startsWith("sllab-" + p.pid() + "-"));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    @Tag("slow")
    void aRunAcrossTheCappedLinkCarriesTheLoadAndLeavesNothing() throws Exception {
        assumeRoot();
        var run = LabRun.of("lab", "--link", "netns", "--link-rate", "20mbit", "--models", "single-reactor",
                "--workloads", "http-keepalive", "--duration", "1s", "--warmup", "500ms", "--connections", "8",
                "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        var json = ReportFiles.json(dir, MatrixReport.COLUMNS, 1);
        var row = json.get("rows").get(0);
        assertThat(row.get("diagnosis").asText()).as(row.toString()).doesNotStartWith("failed");
        assertThat(row.get("requests").asLong()).isPositive();
        assertThat(row.get("select_share").isNumber()).as("the admin /stats was read inside the server's namespace").isTrue();
        assertThat(json.get("environment").get("link").asText()).contains("two network namespaces").contains("tbf");
        assertThat(json.get("notes").toString()).contains("link: server→client").contains("% of 20mbit");
        long pid = ProcessHandle.current().pid();
        assertThat(namespaces()).noneMatch(n -> n.startsWith("sllab-" + pid + "-"));
    }

    @Test
    @Tag("slow")
    void ctrlCRemovesTheNamespaces() throws Exception {
        assumeRoot();
        var cmd = ChildJvm.cli(List.of(), List.of(), List.of("lab", "--link", "netns", "--link-rate", "50mbit",
                "--models", "single-reactor", "--workloads", "http-keepalive", "--duration", "20s",
                "--out", dir.resolve("out").toString(), "--no-progress"));
        var lab = ChildJvm.start(cmd, dir.resolve("lab.log"));
        var name = "sllab-" + lab.pid() + "-s";
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!namespaces().contains(name) && lab.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(namespaces()).as(Files.readString(dir.resolve("lab.log"))).contains(name);
        Thread.sleep(1_000); // into the run: the server is up in the namespace
        var children = lab.descendants().toList();
        new ProcessBuilder("kill", "-INT", Long.toString(lab.pid())).start().waitFor();
        try {
            // 30 s was missed in 3 of 8 fresh-clone CI runs here (it exits in 5 s on an idle machine; the cause is not
            // known: the dump below is there to name it); the test is about the namespaces being gone, not speed
            boolean exited = lab.waitFor(90, TimeUnit.SECONDS);
            assertThat(exited).as("the lab exits within 90 s of Ctrl-C; its threads then: %s; its log: %s",
                    exited ? "" : threadDump(lab.pid()), Files.readString(dir.resolve("lab.log"))).isTrue();
            assertThat(namespaces()).noneMatch(n -> n.startsWith("sllab-" + lab.pid() + "-"));
        } finally {
            lab.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly); // a SIGINT to the lab alone does not reach its children
        }
    }

    /** The threads of a JVM that did not exit, from jcmd (the JDK's, beside this java). */
    private static String threadDump(long pid) throws Exception {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var p = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.length() > 20_000 ? out.substring(0, 20_000) : out;
    }

    private static void assumeRoot() throws Exception {
        var status = Files.readAllLines(Path.of("/proc/self/status"));
        var capEff = status.stream().filter(l -> l.startsWith("CapEff:")).findFirst().orElse("CapEff: 0").substring(7).strip();
        assumeTrue((Long.parseUnsignedLong(capEff, 16) & (1L << 21 | 1L << 12)) == (1L << 21 | 1L << 12) && CpuSets.onPath("ip"),
                "needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) and ip to make network namespaces");
    }

    private static List<String> namespaces() throws Exception {
        var p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().map(l -> l.split("\\s+")[0]).toList();
    }
}
