package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.MatrixReport;
import io.shardloop.lab.matrix.RepeatedRun;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.lab.report.ChartSpec;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.Spread;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The advise report: the lab's matrix columns plus the ranking's, one table in rank order, a cost-against-latency
 * chart, and the advice as notes, as {@code details.advice} in results.json and as advice.md. Built on one thread.
 */
public final class AdviceReport {

    public static final String ADVICE = "advice.md";

    static final List<String> EXTRA = List.of("rank", "setting", "executor", "inline", "meets_objective", "shortfalls",
            "loop_blocked_ms_per_req");
    private static final List<String> SHOWN = List.of("req/s", "P50 ms", "P99 ms", "server µs/req", "client CPU", "diagnosis");

    private AdviceReport() {
    }

    /** An empty report for the runner to add runs to. */
    public static Report create(String command) {
        var display = new ArrayList<DisplayColumn>(List.of(DisplayColumn.of("rank", "rank"), DisplayColumn.of("setting", "setting"),
                DisplayColumn.of("meets", "meets_objective")));
        MatrixReport.DISPLAY.stream().filter(c -> SHOWN.contains(c.header())).forEach(display::add);
        display.add(DisplayColumn.of("why not", "shortfalls"));
        var columns = Stream.concat(EXTRA.stream(), MatrixReport.COLUMNS.stream()).toList();
        var report = Report.create("Shardloop advise: threading models for your application", command, null, columns, display);
        report.charts().add(new ChartSpec("cost-latency", "P99 latency against server CPU per request, one point per setting",
                null, null, "server_us_per_req", "p99_us", "setting", "server CPU µs per request", "P99 (ms)", false, 0.001));
        return report;
    }

    /** The settings the runner added, in run order. */
    public static List<RepeatedRun> runs(Report report) {
        return MatrixReport.settings(report);
    }

    /** The setting to show as flags and code: the winner, else the cheapest of the tied leaders, else none. */
    public static Setting shown(Advice a) {
        return a.winner() != null ? a.winner().setting() : a.tied().isEmpty() ? null : a.tied().getFirst().setting();
    }

    /** Ranks the runs, fills the ranking's columns, puts the rows in rank order and adds the advice. */
    public static Advice complete(Report report, Objective objective, int connections, java.util.function.Function<Setting, Snippet> snippets) {
        var runs = runs(report);
        var rowOf = new IdentityHashMap<RepeatedRun, Map<String, Object>>();
        for (int i = 0; i < runs.size(); i++) {
            rowOf.put(runs.get(i), report.rows().get(i));
        }
        var advice = Advice.of(runs, objective, connections);
        var ordered = new ArrayList<Map<String, Object>>();
        for (var r : advice.ranking()) {
            var row = rowOf.get(r.run());
            row.put("rank", r.rank());
            row.put("setting", r.setting().label());
            var o = r.setting().offload();
            row.put("executor", o.executor() == null ? "" : o.executor().cliName());
            row.put("inline", o.inline() == null ? "" : o.inline());
            row.put("meets_objective", r.meets() ? "yes" : "no");
            row.put("shortfalls", String.join("; ", r.shortfalls()));
            row.put("loop_blocked_ms_per_req", LoopBlocking.of(r.run().median()).map(LoopBlocking::millisPerRequest).orElse(Double.NaN));
            ordered.add(row);
        }
        report.rows().clear();
        report.rows().addAll(ordered);
        var shown = shown(advice);
        var snippet = shown == null ? null : snippets.apply(shown);
        report.notes().add(advice.recommendation());
        advice.runnersUp().forEach(line -> report.notes().add("Runner-up " + line));
        if (snippet != null && advice.winner() == null) {
            report.notes().add("The cheapest of the tied settings as serve flags: `" + snippet.serve() + "`.");
        } else if (snippet != null) {
            report.notes().add("As serve flags: `" + snippet.serve() + "`; as a builder call: see " + ADVICE + ".");
        }
        report.details().put("advice", json(advice, snippet));
        return advice;
    }

    /** The advice as JSON fields (results.json's details.advice and advise --json). */
    public static Map<String, Object> json(Advice a, Snippet s) {
        var out = new LinkedHashMap<String, Object>();
        var objective = new LinkedHashMap<String, Object>();
        objective.put("p99_us", a.objective().p99Micros());
        objective.put("rate", a.objective().fixedRate() ? a.objective().rate() : null);
        objective.put("connections", a.connections());
        objective.put("max_error_share", Objective.ERROR_SHARE);
        out.put("objective", objective);
        out.put("recommendation", a.recommendation());
        out.put("winner", a.winner() == null ? null : a.winner().setting().label());
        out.put("tied", a.tied().stream().map(r -> r.setting().label()).toList());
        out.put("serve", s == null ? null : s.serve());
        out.put("builder", s == null ? null : s.builder());
        out.put("runners_up", a.runnersUp());
        var ranking = new ArrayList<Map<String, Object>>();
        for (var r : a.ranking()) {
            var e = new LinkedHashMap<String, Object>();
            e.put("rank", r.rank());
            e.put("setting", r.setting().label());
            e.put("model", r.setting().model().cliName());
            e.put("threads", r.setting().threads());
            e.put("executor", r.setting().offload().executor() == null ? null : r.setting().offload().executor().cliName());
            e.put("inline", r.setting().offload().inline());
            e.put("meets_objective", r.meets());
            e.put("windows", r.run().judged().size());
            e.put("jvms", r.run().jvms());
            spread(e, "requests_per_sec", r.run().requestsPerSecond());
            spread(e, "p99_us", r.run().p99Micros());
            spread(e, "server_us_per_req", r.run().serverMicrosPerRequest());
            e.put("errors", r.run().measured().stream().mapToLong(RunResult::errors).sum());
            e.put("shortfalls", r.shortfalls());
            e.put("diagnosis", r.run().diagnosisLine());
            e.put("noise", r.run().noise());
            ranking.add(e);
        }
        out.put("ranking", ranking);
        return out;
    }

    /** advice.md: the recommendation, why the others lost, the winner as flags and as code, the ranking. */
    public static String markdown(Advice a, Snippet s, Report report) {
        var sb = new StringBuilder("# Advice\n\n`").append(report.command()).append("`\n\n");
        sb.append(a.recommendation()).append("\n\n");
        if (!a.runnersUp().isEmpty()) {
            sb.append("## Why the others lost\n\n");
            a.runnersUp().forEach(line -> sb.append("- ").append(line).append('\n'));
            sb.append('\n');
        }
        if (s != null) {
            sb.append(a.winner() != null ? "## The winner\n\n" : "## The cheapest of the tied settings\n\n").append("```\n").append(s.serve()).append("\n```\n\n```java\n").append(s.builder()).append("```\n\n");
        }
        sb.append("## Ranking\n\nMedians of each setting's windows, with their range (min-max) in brackets.\n\n"
                + "| rank | setting | meets | req/s | P99 ms | server µs/req | why not |\n|---|---|---|---|---|---|---|\n");
        for (var r : a.ranking()) {
            sb.append("| ").append(r.rank()).append(" | ").append(r.setting().label()).append(" | ").append(r.meets() ? "yes" : "no")
                    .append(" | ").append(Advice.range(r.run().requestsPerSecond(), ""))
                    .append(" | ").append(Advice.range(scaled(r.run().p99Micros(), 0.001), ""))
                    .append(" | ").append(Advice.range(r.run().serverMicrosPerRequest(), ""))
                    .append(" | ").append(String.join("; ", r.shortfalls()).replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    private static Spread scaled(Spread s, double k) {
        return new Spread(s.median() * k, s.low() * k, s.high() * k, s.n());
    }

    private static void spread(Map<String, Object> e, String key, Spread s) {
        e.put(key, finite(s.median()));
        e.put(key + "_lo", finite(s.low()));
        e.put(key + "_hi", finite(s.high()));
    }

    private static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
