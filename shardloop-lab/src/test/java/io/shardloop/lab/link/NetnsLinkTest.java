package io.shardloop.lab.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link in the machine's real network stack: two namespaces, a veth pair with the lab's addresses, tbf on both
 * ends, reachable from the server-side thread, and nothing left after close, after a process on the link was killed,
 * or after a lab that died. Skips where this process may not make namespaces (not root).
 */
@Timeout(60)
class NetnsLinkTest {

    @TempDir
    Path dir;

    private NetnsLink link;

    @AfterEach
    void close() {
        if (link != null) {
            link.close();
        }
        LinkJanitor.removeAll();
    }

    private void open(LinkRate rate) throws Exception {
        try {
            Preconditions.check(Path.of("/proc/self/status"));
        } catch (NetnsLink.Unavailable e) {
            assumeTrue(false, "cannot make network namespaces here: " + e.getMessage());
        }
        link = NetnsLink.open(rate);
    }

    @Test
    void twoNamespacesJoinedByACappedVethAndNothingLeftAfterClose() throws Exception {
        open(LinkRate.parse("50mbit"));
        var s = link.serverNamespace();
        var c = link.clientNamespace();
        assertThat(LinkJanitor.namespaces()).contains(s, c);
        assertThat(Commands.run(List.of("ip", "-n", s, "-br", "addr"))).contains(NetnsLink.SERVER_ADDRESS + "/30");
        assertThat(Commands.run(List.of("ip", "-n", c, "-br", "addr"))).contains(NetnsLink.CLIENT_ADDRESS + "/30");
        for (var ns : List.of(s, c)) {
            assertThat(Commands.run(List.of("tc", "-n", ns, "qdisc", "show"))).contains("qdisc tbf").contains("rate 50Mbit");
        }
        // the lab's own namespace gained nothing
        assertThat(Commands.run(List.of("ip", "-br", "link"))).doesNotContain("sllab" + ProcessHandle.current().pid());
        assertThat(link.serverThreadNamespace()).isEqualTo("net:[" + Files.getAttribute(Path.of("/run/netns", s), "unix:ino") + "]");

        // a listener opened on the server-side thread is reached from the client namespace across the veth
        try (var listener = link.call(() -> new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0")))) {
            var client = new ProcessBuilder(concat(link.clientPrefix(), "bash", "-c",
                    "exec 3<>/dev/tcp/" + NetnsLink.SERVER_ADDRESS + "/" + listener.getLocalPort() + "; echo hi >&3"))
                    .redirectErrorStream(true).start();
            try (var accepted = listener.accept()) {
                assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo(NetnsLink.CLIENT_ADDRESS);
                assertThat(new String(accepted.getInputStream().readNBytes(3))).isEqualTo("hi\n");
            }
            assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        var counted = link.counters();
        assertThat(counted.toServer().packets()).as("the client's SYN and data went through its tbf").isPositive();

        link.close();
        link = null;
        assertThat(LinkJanitor.namespaces()).doesNotContain(s, c);
        assertThat(Path.of("/run/netns", s)).doesNotExist();
        assertThat(LinkJanitor.live()).isEmpty();
    }

    @Test
    void aProcessKilledOnTheLinkLeavesNothingAfterClose() throws Exception {
        open(null);
        var s = link.serverNamespace();
        var child = new ProcessBuilder(concat(link.serverPrefix(), "sleep", "60")).start();
        Thread.sleep(200);
        child.destroyForcibly().waitFor();
        link.close();
        link = null;
        assertThat(LinkJanitor.namespaces()).doesNotContain(s);
    }

    @Test
    void theJanitorRemovesWhatALabThatDiedLeftAndNothingElse() throws Exception {
        open(null);
        link.close();
        link = null;
        long dead = ProcessHandle.current().pid() + 1_000_000; // above any pid this machine hands out by default
        assumeTrue(ProcessHandle.of(dead).isEmpty(), "pid " + dead + " exists");
        var stale = "sllab-" + dead + "-s";
        var other = "sllab-" + ProcessHandle.current().pid() + "-x"; // not a lab's name: the janitor leaves it
        Commands.run(List.of("ip", "netns", "add", stale));
        Commands.run(List.of("ip", "netns", "add", other));
        try {
            assertThat(LinkJanitor.removeStale()).containsExactly(stale);
            assertThat(LinkJanitor.namespaces()).doesNotContain(stale).contains(other);
        } finally {
            Commands.tryRun(List.of("ip", "netns", "del", stale));
            Commands.tryRun(List.of("ip", "netns", "del", other));
        }
    }

    @Test
    void withoutTheCapabilitiesItRefusesInOneLineAndMakesNothing() throws Exception {
        var status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCapEff:\t0000000000000000\n");
        assertThatThrownBy(() -> NetnsLink.open(null, status))
                .isInstanceOf(NetnsLink.Unavailable.class)
                .hasMessage("--link netns needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to make network namespaces and "
                        + "shape them; this process lacks CAP_SYS_ADMIN and CAP_NET_ADMIN");
        assertThat(LinkJanitor.live()).isEmpty();
    }

    private static List<String> concat(List<String> prefix, String... rest) {
        var out = new java.util.ArrayList<>(prefix);
        out.addAll(List.of(rest));
        return out;
    }
}
