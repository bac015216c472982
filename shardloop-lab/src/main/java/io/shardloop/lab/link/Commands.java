package io.shardloop.lab.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ip and tc and says what they said when they fail. Stateless; any thread. */
final class Commands {

    private Commands() {
    }

    /** Runs {@code command}; its output (stdout and stderr), or an exception that quotes the command and its error. */
    static String run(List<String> command) throws IOException {
        var result = tryRun(command);
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + ": " + result.output().strip());
        }
        return result.output();
    }

    record Result(int exit, String output) {
    }

    /** Runs {@code command} and returns its exit status and output whatever they are. */
    static Result tryRun(List<String> command) throws IOException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
