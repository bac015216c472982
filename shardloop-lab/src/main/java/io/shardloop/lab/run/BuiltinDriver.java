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
        var args = new ArrayList<>(List.of("load"));
        args.addAll(loadArgs(spec, out));
        return List.of(ChildJvm.cli(pin, jvmOptions(), args));
    }

    /** The load generator's JVM options: its collector and a class-data archive of its own. */
    public static List<String> jvmOptions() {
        var jvm = new ArrayList<>(List.of("-XX:+UseParallelGC"));
        jvm.addAll(ChildJvm.fastStart("load"));
        return jvm;
    }

    /** The arguments of {@code shardloop load} for {@code spec}, its JSON result to {@code out}. */
    public static List<String> loadArgs(Spec spec, Path out) {
        var app = spec.app();
        var args = new ArrayList<>(List.of(spec.url(),
                "--connections", Integer.toString(spec.connections()),
                "--threads", Integer.toString(spec.threads()),
                "--duration", millis(spec.duration()),
                "--warmup", millis(spec.warmup()),
                "--json", out.toString()));
        if (spec.workload().shortConnections()) {
            args.add("--short");
        }
        args.addAll(spec.workload().loadTlsArgs());
        if (app != null) {
            args.addAll(List.of("--requests", app.requests().toString()));
            if (app.fixedRate()) {
                args.addAll(List.of("--rate", Double.toString(app.rate())));
            }
        }
        if (spec.workload().pipeline() > 1) {
            args.addAll(List.of("--pipeline", Integer.toString(spec.workload().pipeline())));
        }
        if (spec.workload().protocol().equals("echo")) {
            args.addAll(List.of("--protocol", "echo", "--size", Integer.toString(Workload.ECHO_SIZE), "--echo-codec", "stream"));
        }
        return args;
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
