package io.shardloop.lab.advise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The recommended setting, ready to paste: as {@code shardloop serve} flags and as an {@code HttpServer} builder
 * call. The builder text is Java statements ({@link #imports} then {@link #statements}); the advise test compiles
 * it against the framework. Immutable.
 *
 * @param serve       the command line that serves the application with the setting
 * @param imports     the imports the statements need
 * @param statements  the statements: make and start the application, then the server
 */
public record Snippet(String serve, List<String> imports, String statements) {

    public Snippet {
        imports = List.copyOf(imports);
    }

    /**
     * @param appClass the application's class name when known (then it is made with {@code new}), else null (then
     *                 it is loaded from the jar with {@code AppLoader})
     */
    public static Snippet of(Setting s, Path jar, String appClass, boolean appClassFlag) {
        var serve = new ArrayList<>(List.of("shardloop", "serve", "--app-jar", jar.toString()));
        if (appClassFlag && appClass != null) {
            serve.addAll(List.of("--app-class", appClass));
        }
        serve.addAll(List.of("--model", s.model().cliName(), "--threads", Integer.toString(s.threads())));
        var offload = s.model().usesWorkers() ? s.offload().serveArgs() : List.<String>of();
        serve.addAll(offload);
        serve.addAll(List.of("--port", "8080"));

        var imports = new ArrayList<>(List.of("io.shardloop.http.server.HttpServer", "io.shardloop.model.ModelKind"));
        var sb = new StringBuilder();
        if (appClass != null) {
            sb.append("var app = new ").append(appClass).append("();\n");
        } else {
            imports.addAll(List.of("io.shardloop.http.app.AppLoader", "io.shardloop.http.app.ShardloopApp", "java.nio.file.Path"));
            sb.append("ShardloopApp app = AppLoader.load(Path.of(\"").append(jar.toString().replace("\\", "\\\\"))
                    .append("\"), null);\n");
        }
        sb.append("app.start();\n");
        sb.append("var server = HttpServer.builder()\n");
        sb.append("        .model(ModelKind.").append(s.model().name()).append(").threads(").append(s.threads()).append(")\n");
        if (s.model().usesWorkers() && s.offload().executor() != null) {
            imports.add("io.shardloop.exec.ExecutorKind");
            sb.append("        .executor(ExecutorKind.").append(s.offload().executor().name()).append(")\n");
        }
        if (s.model().usesWorkers() && s.offload().inline() != null) {
            imports.add("io.shardloop.exec.InlinePolicy");
            sb.append("        .inline(InlinePolicy.parse(\"").append(s.offload().inline()).append("\"))\n");
        }
        sb.append("        .port(8080)\n");
        sb.append("        .router(app.routes())\n");
        sb.append("        .start();\n");
        return new Snippet(String.join(" ", serve.stream().map(Snippet::shellWord).toList()), imports, sb.toString());
    }

    /** The imports and statements as one block to paste. */
    public String builder() {
        var sb = new StringBuilder();
        imports.forEach(i -> sb.append("import ").append(i).append(";\n"));
        return sb.append('\n').append(statements).toString();
    }

    private static String shellWord(String w) {
        return w.matches("[A-Za-z0-9_./:=,@%+-]+") ? w : "'" + w.replace("'", "'\\''") + "'";
    }
}
