package io.shardloop.lab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.ChildrenOnExit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a probe's main class in a child JVM (pinned when asked) and reads the JSON line it prints. Stateless. */
public final class ProbeRunner {

    private ProbeRunner() {
    }

    /**
     * Runs {@code probe} with the record {@code args} and reads its result as a record of {@code result}
     * ({@link ProbeJson}); its stderr goes to {@code log}. Throws with the log's tail if it fails.
     */
    public static <R extends Record> R run(List<String> pin, Class<?> probe, Record args, Class<R> result, Path log,
                                           long timeoutMillis) throws IOException, InterruptedException {
        return ProbeJson.read(run(pin, probe, List.of(ProbeJson.encode(args)), log, timeoutMillis), result);
    }

    /** Runs {@code probe} with {@code args} and returns its last JSON line. Throws with the log's tail if it fails. */
    private static JsonNode run(List<String> pin, Class<?> probe, List<String> args, Path log, long timeoutMillis)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        var cmd = ChildJvm.command(pin, List.of("-XX:+UseParallelGC", "-Xss256k"), probe.getName(), args);
        var p = ChildrenOnExit.track(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        var lines = new ArrayList<String>();
        var reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        });
        if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            ChildJvm.stop(p, 2_000);
            throw new IOException(probe.getSimpleName() + " " + args + " did not finish in " + timeoutMillis + " ms");
        }
        reader.join(5_000);
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("{")) {
                    return new ObjectMapper().readTree(lines.get(i));
                }
            }
        }
        var err = Files.readAllLines(log, StandardCharsets.UTF_8);
        throw new IOException(probe.getSimpleName() + " " + args + " exited " + p.exitValue() + " without a result: "
                + String.join(" / ", err.subList(Math.max(0, err.size() - 3), err.size())));
    }
}
