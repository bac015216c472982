package io.shardloop.lab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Runs wrk (HTTP only) with {@code --latency} and parses its text: a warm-up run, then the measured run.
 * wrk reports P50/P75/P90/P99 only, so P99.9 stays blank. Stateless.
 */
public final class WrkDriver implements LoadDriver {

    private static final String PIPELINE_LUA = """
            -- %d requests in flight per connection
            init = function(args)
              local r = {}
              for i = 1, %d do r[i] = wrk.format(nil) end
              req = table.concat(r)
            end
            request = function() return req end
            """;

    @Override
    public String name() {
        return "wrk";
    }

    @Override
    public boolean supports(Workload workload) {
        // wrk (OpenSSL, no certificate check) resumes the session on each new connection (nginx logs
        // $ssl_session_reused 'r' for all but the first): it cannot drive short connections that must not
        boolean fullHandshakes = workload.shortConnections() && workload.tls() == Workload.Tls.FULL;
        return workload.protocol().equals("http") && !fullHandshakes;
    }

    @Override
    public List<List<String>> commands(List<String> pin, Spec spec, Path out) throws IOException {
        var base = new ArrayList<>(pin);
        base.addAll(List.of("wrk", "-t", Integer.toString(spec.threads()), "-c", Integer.toString(spec.connections())));
        if (spec.workload().shortConnections()) {
            base.addAll(List.of("-H", "Connection: close"));
        }
        if (spec.workload().pipeline() > 1) {
            var lua = out.resolveSibling(out.getFileName() + ".pipeline.lua");
            Files.writeString(lua, PIPELINE_LUA.formatted(spec.workload().pipeline(), spec.workload().pipeline()));
            base.addAll(List.of("-s", lua.toString()));
        }
        var cmds = new ArrayList<List<String>>();
        if (!spec.warmup().isZero()) {
            var warm = new ArrayList<>(base);
            warm.addAll(List.of("-d", Math.max(1, spec.warmup().toSeconds()) + "s", spec.url()));
            cmds.add(warm);
        }
        var measured = new ArrayList<>(base);
        measured.addAll(List.of("-d", Math.max(1, spec.duration().toSeconds()) + "s", "--latency", spec.url()));
        cmds.add(measured);
        return cmds;
    }

    @Override
    public LoadOutcome outcome(Path out, Path log) throws IOException {
        var text = Files.readString(log, StandardCharsets.UTF_8);
        int last = text.lastIndexOf("Running ");
        return parse(last < 0 ? text : text.substring(last));
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern LATENCY = Pattern.compile("Latency\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)\\s+([\\d.]+)(us|ms|s)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** Parses the text of one {@code wrk --latency} run. */
    static LoadOutcome parse(String text) {
        var req = REQUESTS.matcher(text);
        if (!req.find()) {
            throw new IllegalArgumentException("not wrk output (no 'N requests in T' line): " + text.strip());
        }
        long requests = Long.parseLong(req.group(1));
        double seconds = micros(req.group(2), req.group(3)) / 1e6;
        var rps = RPS.matcher(text);
        double perSecond = rps.find() ? Double.parseDouble(rps.group(1)) : requests / seconds;
        double p50 = Double.NaN, p90 = Double.NaN, p99 = Double.NaN;
        var p = PERCENTILE.matcher(text);
        while (p.find()) {
            double v = micros(p.group(2), p.group(3));
            switch (p.group(1)) {
                case "50" -> p50 = v;
                case "90" -> p90 = v;
                case "99" -> p99 = v;
                default -> { }
            }
        }
        double mean = Double.NaN, max = Double.NaN;
        var l = LATENCY.matcher(text);
        if (l.find()) {
            mean = micros(l.group(1), l.group(2));
            max = micros(l.group(5), l.group(6));
        }
        long errors = 0;
        var s = SOCKET.matcher(text);
        if (s.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(s.group(i));
            }
        }
        var n = NON2XX.matcher(text);
        if (n.find()) {
            errors += Long.parseLong(n.group(1));
        }
        return new LoadOutcome(seconds, requests, errors, perSecond,
                new Latency(p50, p90, p99, Double.NaN, max, mean), Double.NaN);
    }

    private static double micros(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            case "s" -> v * 1e6;
            case "m" -> v * 60e6;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }
}
