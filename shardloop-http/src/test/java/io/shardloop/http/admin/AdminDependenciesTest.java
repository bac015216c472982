package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class AdminDependenciesTest {

    @Test
    void nothingIsMissingWhereTheOptionalLibrariesAreOnTheClassPath() {
        assertThat(AdminDependencies.missing(AdminDependencies.class.getClassLoader())).isEmpty();
        AdminDependencies.require();
    }

    @Test
    void aLoaderWithoutThemNamesEachByItsCoordinates() throws Exception {
        try (var bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(AdminDependencies.missing(bare)).containsExactly(
                    "com.fasterxml.jackson.core:jackson-databind",
                    "io.prometheus:prometheus-metrics-model",
                    "io.prometheus:prometheus-metrics-exposition-textformats");
        }
    }
}
