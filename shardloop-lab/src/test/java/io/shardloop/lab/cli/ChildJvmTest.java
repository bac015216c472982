package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.run.ChildJvm;
import org.junit.jupiter.api.Test;

/** The run package starts the CLI by the name of its main class; this keeps the name true. */
class ChildJvmTest {

    @Test
    void cliMainNamesTheMainClass() {
        assertThat(ChildJvm.CLI_MAIN).isEqualTo(Main.class.getName());
        assertThat(ChildJvm.cli(java.util.List.of(), java.util.List.of(), java.util.List.of("serve"))).contains(Main.class.getName());
    }
}
