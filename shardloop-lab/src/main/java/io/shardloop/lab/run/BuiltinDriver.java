package io.shardloop.lab.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code shardloop load ... --json FILE} in a child JVM and reads its JSON. Stateless. */
public final class BuiltinDriver implements LoadDriver {

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public boolean supports(Workload workload) {
        return true;
    }

    @Override
    public List<List<String>> commands(List<String> pin, Spec spec, Path out) {
        var args = new ArrayList<>(List.of("load", spec.url(),
                "--connections", Integer.toString(spec.connections()),
                "--threads", Integer.toString(spec.threads()),
                "--duration", millis(spec.duration()),
                "--warmup", millis(spec.warmup()),
                "--json", out.toString()));
        if (spec.workload().shortConnections()) {
            args.add("--short");
        }
        args.addAll(spec.workload().loadTlsArgs());
        if (spec.workload().pipeline() > 1) {
            args.addAll(List.of("--pipeline", Integer.toString(spec.workload().pipeline())));
        }
        if (spec.workload().protocol().equals("echo")) {
            args.addAll(List.of("--protocol", "echo", "--size", Integer.toString(Workload.ECHO_SIZE), "--echo-codec", "stream"));
        }
        var jvm = new ArrayList<>(List.of("-XX:+UseParallelGC"));
        jvm.addAll(ChildJvm.fastStart("load"));
        return List.of(ChildJvm.cli(pin, jvm, args));
    }

    private static String millis(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public LoadOutcome outcome(Path out, Path log) throws IOException {
        return parse(new ObjectMapper().readTree(out.toFile()));
    }

    /** Reads the load generator's JSON (the keys of {@code shardloop load --json}). */
    static LoadOutcome parse(JsonNode j) {
        var lat = j.path("latencyMicros");
        var latency = new Latency(num(lat, "p50"), num(lat, "p90"), num(lat, "p99"), num(lat, "p999"),
                num(lat, "max"), num(lat, "mean"));
        var cpu = j.path("cpu");
        double cpuPercent = Double.NaN;
        if (cpu.has("userSeconds") && cpu.has("systemSeconds") && j.path("durationSeconds").asDouble() > 0) {
            cpuPercent = 100 * (cpu.get("userSeconds").asDouble() + cpu.get("systemSeconds").asDouble())
                    / j.get("durationSeconds").asDouble();
        }
        return new LoadOutcome(j.path("durationSeconds").asDouble(Double.NaN), j.path("requests").asLong(),
                j.path("errors").path("total").asLong(), num(j, "requestsPerSecond"), latency, cpuPercent);
    }

    private static double num(JsonNode n, String field) {
        var v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
