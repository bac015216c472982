package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.advise.TinyApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --app-jar}'s refusals: one line naming the flag, before anything is served. */
@Tag("slow") // compiles Java with javac: seconds
class ServeAppCommandTest {

    @TempDir
    Path dir;

    @Test
    void refusesWhatCannotBeServedInOneLine() throws Exception {
        var classOnly = LabRun.of("serve", "--app-class", "tiny.TinyApp", "--port", "0");
        assertThat(classOnly.exit()).isEqualTo(2);
        assertThat(classOnly.err()).contains("--app-class needs --app-jar");

        var missing = LabRun.of("serve", "--app-jar", dir.resolve("none.jar").toString(), "--port", "0");
        assertThat(missing.err()).contains("--app-jar accepts a jar file").contains("none.jar");

        var jar = TinyApp.jar(dir);
        var echo = LabRun.of("serve", "--app-jar", jar.toString(), "--protocol", "echo", "--port", "0");
        assertThat(echo.err()).contains("--app-jar serves HTTP: drop --protocol echo");

        var wrongClass = LabRun.of("serve", "--app-jar", jar.toString(), "--app-class", "java.lang.String", "--port", "0");
        assertThat(wrongClass.err()).contains("--app-class accepts a class that implements io.shardloop.http.app.ShardloopApp");
    }
}
