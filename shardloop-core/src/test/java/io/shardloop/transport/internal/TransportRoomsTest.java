package io.shardloop.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.PackageGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transport is split into rooms, one mechanism each, that only depend downwards: a room that used a room which
 * uses it back would make the two one room again under two names. Reads core's compiled main classes, so an import
 * used only in a comment does not count and one hidden in a signature or a lambda does.
 */
class TransportRoomsTest {
    private static final String ROOT = "io.shardloop.transport.internal";
    /** The rooms from the bottom up, as their package-info says; a room may use only rooms of an earlier row. */
    private static final List<List<String>> LAYERS = List.of(
            List.of(ROOT + ".io"),
            List.of(ROOT + ".buffer"),
            List.of(ROOT + ".nio", ROOT + ".epoll"),
            List.of(ROOT + ".loop", ROOT + ".blocking"),
            List.of(ROOT + ".tls"),
            List.of(ROOT + ".sharedepoll"),
            List.of(ROOT));

    @Test
    void noRoomUsesARoomThatUsesItBack() throws Exception {
        var graph = graph();
        var report = new ArrayList<String>();
        for (var cycle : graph.cycles()) {
            report.add("cycle " + cycle + ":\n  " + String.join("\n  ", graph.evidence(cycle)));
        }
        assertThat(report).as("transport packages that use each other").isEmpty();
    }

    @Test
    void roomsUseOnlyTheRoomsBelowThem() throws Exception {
        var graph = graph();
        assertThat(graph.packages()).containsExactlyInAnyOrderElementsOf(
                LAYERS.stream().flatMap(List::stream).toList());
        var upward = new ArrayList<String>();
        for (var from : graph.packages()) {
            graph.uses(from).forEach((to, why) -> {
                if (layer(to) >= layer(from)) {
                    upward.add(from + " -> " + to + " (" + why + ")");
                }
            });
        }
        assertThat(upward).as("uses of a room on the same row or above").isEmpty();
    }

    private static PackageGraph graph() throws Exception {
        return new PackageGraph(ROOT).addCodeSourceOf(Transports.class);
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError(pkg + " is in no layer of this test: add it where its package-info says");
    }
}
