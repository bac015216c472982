package io.shardloop.lab.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.Codec;
import io.shardloop.http.HttpCodec;
import io.shardloop.lab.cli.Main;
import io.shardloop.load.LoadGenerator;
import io.shardloop.testkit.PackageGraph;
import io.shardloop.testkit.TestClasses;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's layers say nothing reaches upward: no two packages of the main code may depend on each other, even
 * through others. Maven already forbids cycles between modules, so this reads the main classes of every module
 * (core, http, load and this lab) and fails with the class edges of any cycle among their packages.
 */
class PackageCyclesTest {

    @Test
    void mainPackagesHaveNoCycles() throws Exception {
        var graph = new PackageGraph("io.shardloop.")
                .addCodeSourceOf(Codec.class)
                .addCodeSourceOf(HttpCodec.class)
                .addCodeSourceOf(LoadGenerator.class)
                .addCodeSourceOf(Main.class);
        assertThat(graph.packages()).contains("io.shardloop.exec", "io.shardloop.http.admin", "io.shardloop.lab.cli");
        var report = new ArrayList<String>();
        for (var cycle : graph.cycles()) {
            report.add("cycle " + cycle + ":\n  " + String.join("\n  ", graph.evidence(cycle)));
        }
        assertThat(report).as("package cycles").isEmpty();
    }

    @Test
    void findsACycle() {
        // the checker itself: two packages that use each other are one cycle
        var graph = new PackageGraph("io.shardloop.");
        graph.add(TestClasses.classUsing("io.shardloop.a.A", "io.shardloop.b.B"));
        graph.add(TestClasses.classUsing("io.shardloop.b.B", "io.shardloop.c.C"));
        graph.add(TestClasses.classUsing("io.shardloop.c.C", "io.shardloop.a.A"));
        graph.add(TestClasses.classUsing("io.shardloop.d.D", "io.shardloop.a.A"));
        assertThat(graph.cycles()).hasSize(1);
        assertThat(graph.cycles().getFirst()).containsExactly("io.shardloop.a", "io.shardloop.b", "io.shardloop.c");
        assertThat(graph.evidence(graph.cycles().getFirst())).hasSize(3);
    }
}
