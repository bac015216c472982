package io.shardloop.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.ModuleExports;
import org.junit.jupiter.api.Test;

/**
 * The http module's exports, pinned: every package here is API (its implementation classes, such as the
 * response encoder and the admin's JSON and Prometheus writers, are package-private), so a new package must be
 * exported on purpose or stay hidden. Reads the compiled module-info.
 */
class HttpModuleExportsTest {

    @Test
    void exportsItsApiPackagesOnly() {
        var module = ModuleExports.of(HttpServer.class);
        assertThat(module.descriptor().name()).isEqualTo("io.shardloop.http");
        assertThat(module.exportedToAll()).containsExactly("io.shardloop.http", "io.shardloop.http.admin",
                "io.shardloop.http.app", "io.shardloop.http.endpoints", "io.shardloop.http.router",
                "io.shardloop.http.server");
        assertThat(module.qualified()).isEmpty();
        assertThat(module.hidden()).isEmpty();
    }
}
