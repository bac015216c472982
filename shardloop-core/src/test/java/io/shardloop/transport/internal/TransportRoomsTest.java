package io.shardloop.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.PackageGraph;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The transport is split into rooms, one mechanism each, that only depend downwards: a room that used a room which
 * uses it back would make the two one room again under two names. Reads core's compiled main classes, so an import
 * used only in a comment does not count and one hidden in a signature or a lambda does.
 */
class TransportRoomsTest {
    private static final String ROOT = "io.shardloop.transport.internal";

    @Test
    void roomsDependOnlyDownwards() throws Exception {
        var graph = new PackageGraph(ROOT).addCodeSourceOf(Transports.class);
        assertThat(graph.packages()).contains(ROOT, ROOT + ".io", ROOT + ".buffer", ROOT + ".nio", ROOT + ".epoll",
                ROOT + ".loop", ROOT + ".tls", ROOT + ".sharedepoll", ROOT + ".blocking");
        var report = new ArrayList<String>();
        for (var cycle : graph.cycles()) {
            report.add("cycle " + cycle + ":\n  " + String.join("\n  ", graph.evidence(cycle)));
        }
        assertThat(report).as("transport packages that use each other").isEmpty();
    }
}
