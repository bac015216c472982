package io.shardloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.ModuleExports;
import org.junit.jupiter.api.Test;

/**
 * The core module exports its API and nothing else: the threading models and the transports behind them
 * ({@code *.internal}) stay free to change without breaking a user's build. Reads the compiled module-info.
 */
class CoreModuleExportsTest {

    @Test
    void exportsTheApiPackagesOnly() {
        var module = ModuleExports.of(Servers.class);
        assertThat(module.descriptor().name()).isEqualTo("io.shardloop.core");
        assertThat(module.exportedToAll()).containsExactly("io.shardloop.codec", "io.shardloop.codec.echo",
                "io.shardloop.exec", "io.shardloop.model", "io.shardloop.server", "io.shardloop.stats",
                "io.shardloop.tls", "io.shardloop.transport");
        // not even to http: it serves through the API like any user's program
        assertThat(module.qualified()).isEmpty();
        assertThat(module.hidden()).containsExactly("io.shardloop.model.internal", "io.shardloop.transport.internal",
                "io.shardloop.transport.internal.blocking", "io.shardloop.transport.internal.buffer",
                "io.shardloop.transport.internal.epoll", "io.shardloop.transport.internal.io",
                "io.shardloop.transport.internal.loop", "io.shardloop.transport.internal.nio",
                "io.shardloop.transport.internal.sharedepoll", "io.shardloop.transport.internal.tls");
    }
}
