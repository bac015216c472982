package io.shardloop.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.http.app.AppLoader;
import io.shardloop.http.app.ShardloopApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a ShardloopApp in a jar: through ServiceLoader, by class name, and the refusals. */
@Tag("slow") // compiles Java with javac: seconds
class AppLoaderTest {

    @TempDir
    Path dir;

    @Test
    void findsTheApplicationTheJarDeclaresAndItsDefaultRequests() throws Exception {
        var jar = TinyApp.jar(dir);
        var app = AppLoader.load(jar, null);
        assertThat(app.getClass().getName()).isEqualTo(TinyApp.CLASS);
        assertThat(app.routes()).isNotNull();
        assertThat(AppLoader.load(jar, TinyApp.CLASS).getClass().getName()).isEqualTo(TinyApp.CLASS);
        assertThat(AppLoader.declaredApps(jar)).containsExactly(TinyApp.CLASS);
        assertThat(AppLoader.defaultRequests(jar)).contains("3x GET /ok");
    }

    @Test
    void refusesWhatIsNotAnApplicationInOneLine() throws Exception {
        var jar = TinyApp.jar(dir);
        assertThatThrownBy(() -> AppLoader.load(dir.resolve("missing.jar"), null))
                .hasMessageContaining("accepts a jar file").hasMessageContaining("missing.jar");
        assertThatThrownBy(() -> AppLoader.load(jar, "tiny.Nope"))
                .hasMessageStartingWith("--app-class accepts a class in").hasMessageContaining("tiny.Nope");
        assertThatThrownBy(() -> AppLoader.load(jar, "java.lang.String"))
                .hasMessageContaining("implements " + ShardloopApp.class.getName());

        var classes = dir.resolve("empty-classes");
        java.nio.file.Files.createDirectories(classes);
        var empty = Javac.jar(classes, Map.of(), dir.resolve("empty.jar"));
        assertThatThrownBy(() -> AppLoader.load(empty, null))
                .hasMessageContaining("META-INF/services/" + ShardloopApp.class.getName()).hasMessageContaining("--app-class");
        assertThat(AppLoader.defaultRequests(empty)).isNull();
    }
}
