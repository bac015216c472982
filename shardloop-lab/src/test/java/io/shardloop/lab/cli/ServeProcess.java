package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** {@code shardloop serve ARGS} in its own JVM, for the tests that run the real command; closing kills it. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path errFile;
    private final BufferedReader out;

    private ServeProcess(Process process, Path errFile) {
        this.process = process;
        this.errFile = errFile;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ServeProcess start(String... serveArgs) throws IOException {
        var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        cmd.addAll(List.of(serveArgs));
        var errFile = Files.createTempFile("shardloop-serve", ".err");
        var pb = new ProcessBuilder(cmd);
        pb.redirectError(errFile.toFile());
        return new ServeProcess(pb.start(), errFile);
    }

    /** The next line the server printed on stdout. */
    String readLine() throws IOException {
        return out.readLine();
    }

    /** The port in a "serving ... on 127.0.0.1:PORT" line. */
    static int port(String line) {
        var m = PORT.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** SIGTERM; asserts the server exits within 20 s and says it stopped. */
    void stopGracefully() throws Exception {
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(errFile)).contains("shardloop: stopped");
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(errFile);
    }
}
