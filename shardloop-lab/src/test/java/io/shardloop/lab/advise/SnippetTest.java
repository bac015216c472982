package io.shardloop.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.lab.matrix.Offload;
import io.shardloop.model.ModelKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The winner as serve flags and as builder code; the code is compiled with javac against the framework. */
@Tag("slow") // compiles Java with javac: seconds
class SnippetTest {

    @TempDir
    Path dir;

    /** The snippet inside a method, as a user would paste it. */
    static String program(Snippet s) {
        var sb = new StringBuilder("package pasted;\n\n");
        s.imports().forEach(i -> sb.append("import ").append(i).append(";\n"));
        sb.append("\npublic final class Pasted {\n    public static void main(String[] args) throws Exception {\n");
        s.statements().lines().forEach(l -> sb.append("        ").append(l).append('\n'));
        sb.append("        server.shutdown(java.time.Duration.ofSeconds(1));\n        app.stop();\n    }\n}\n");
        return sb.toString();
    }

    @Test
    void serveFlagsNameTheModelThreadsAndForWorkerModelsTheExecutorAndInlinePolicy() {
        var workers = new Setting(ModelKind.MAIN_SUB_WORKERS, 2, new Offload(ExecutorKind.WORK_STEALING, "adaptive"));
        assertThat(Snippet.of(workers, Path.of("target/app.jar"), "com.example.App", false).serve())
                .isEqualTo("shardloop serve --app-jar target/app.jar --model main-sub-workers --threads 2 "
                        + "--executor work-stealing --inline adaptive --port 8080");
        var loop = new Setting(ModelKind.SINGLE_REACTOR, 1, Offload.DEFAULT);
        assertThat(Snippet.of(loop, Path.of("my app.jar"), "com.example.App", true).serve())
                .isEqualTo("shardloop serve --app-jar 'my app.jar' --app-class com.example.App --model single-reactor "
                        + "--threads 1 --port 8080");
    }

    @Test
    void everyModelsBuilderSnippetCompiles() throws Exception {
        var sources = new java.util.LinkedHashMap<String, String>();
        int n = 0;
        for (var model : ModelKind.values()) {
            var offload = model.usesWorkers() ? new Offload(ExecutorKind.ELASTIC, "busy:8") : Offload.DEFAULT;
            // with a known class (made with new) and without one (loaded from the jar)
            for (var className : new String[] {TinyApp.CLASS, null}) {
                var s = Snippet.of(new Setting(model, 2, offload), Path.of("tiny.jar"), className, false);
                assertThat(s.statements()).contains("ModelKind." + model.name());
                var code = program(s).replace("class Pasted", "class Pasted" + n);
                sources.put("pasted.Pasted" + n++, code);
            }
        }
        var jar = TinyApp.jar(dir);
        assertThat(Javac.compile(sources, dir.resolve("pasted"), jar)).isEmpty();
    }

    @Test
    void aSnippetThatDoesNotCompileIsCaught() throws Exception {
        // the check itself: javac's messages come back
        var messages = Javac.compile(Map.of("pasted.Broken", "package pasted; class Broken { int x = ; }"), dir.resolve("broken"));
        assertThat(messages).contains("Broken.java");
    }
}
