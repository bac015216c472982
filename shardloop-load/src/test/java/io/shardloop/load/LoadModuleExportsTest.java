package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.ModuleExports;
import org.junit.jupiter.api.Test;

/**
 * The load module exports its one package, whose client internals (connections, parsers, the IO loops) are
 * package-private; a new package must be exported on purpose or stay hidden. Reads the compiled module-info.
 */
class LoadModuleExportsTest {

    @Test
    void exportsItsApiPackageOnly() {
        var module = ModuleExports.of(LoadGenerator.class);
        assertThat(module.descriptor().name()).isEqualTo("io.shardloop.load");
        assertThat(module.exportedToAll()).containsExactly("io.shardloop.load");
        assertThat(module.qualified()).isEmpty();
        assertThat(module.hidden()).isEmpty();
    }
}
