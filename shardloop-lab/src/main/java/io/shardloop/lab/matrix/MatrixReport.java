package io.shardloop.lab.matrix;

import io.shardloop.lab.report.ChartSpec;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Fmt;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.report.Charts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns matrix runs into a {@link Report}: the CSV columns, seed 000's summary table, and three charts per workload (req/s, P99, server µs/request). */
public final class MatrixReport {

    public static final List<String> COLUMNS = List.of(
            "workload", "model", "threads", "connections", "driver", "server_cpus", "client_cpus", "seconds",
            "requests", "errors", "requests_per_sec", "p50_us", "p90_us", "p99_us", "p999_us", "max_us",
            "server_cpu_pct", "server_us_per_req", "user_share", "sys_share", "select_share", "dispatcher_cpu_pct",
            "ctx_vol_per_sec", "ctx_invol_per_sec", "client_cpu_pct", "threads_created", "loop_imbalance",
            "other_cpu_server_pct", "other_cpu_client_pct", "steal_pct", "ceiling_share", "core_budget_pct",
            "budgets_held", "jvm_group_cpu_pct", "handshakes_per_sec", "handshake_ms", "handshake_task_us",
            "windows", "jvms", "requests_per_sec_lo", "requests_per_sec_hi", "p99_us_lo", "p99_us_hi", "server_us_per_req_lo",
            "server_us_per_req_hi", "warmup_s", "warmup_steady", "noise", "diagnosis");

    public static final List<DisplayColumn> DISPLAY = List.of(
            DisplayColumn.of("model", "model"),
            DisplayColumn.of("threads", "threads"),
            new DisplayColumn("req/s", r -> spread(r, "requests_per_sec", 1)),
            new DisplayColumn("P50 ms", r -> ms(r.get("p50_us"))),
            new DisplayColumn("P99 ms", r -> spread(r, "p99_us", 0.001)),
            new DisplayColumn("server µs/req", r -> spread(r, "server_us_per_req", 1)),
            new DisplayColumn("user/sys", r -> shares(r.get("user_share"), r.get("sys_share"))),
            new DisplayColumn("select", r -> Fmt.percent(r.get("select_share"))),
            new DisplayColumn("ctx sw/s vol/invol", r -> Fmt.pair(r.get("ctx_vol_per_sec"), r.get("ctx_invol_per_sec"))),
            new DisplayColumn("client CPU", r -> pct(r.get("client_cpu_pct"))),
            // TLS only: a handshake's server wall time against its CPU-heavy part shows the wait for the loop
            DisplayColumn.optional("handshake ms / task µs",
                    r -> Fmt.pair(r.get("handshake_ms"), r.get("handshake_task_us"))),
            DisplayColumn.of("diagnosis", "diagnosis"),
            DisplayColumn.optional("noise", r -> String.valueOf(r.getOrDefault("noise", ""))));

    private MatrixReport() {
    }

    /** An empty matrix report; add runs with {@link #add}. */
    public static Report create(String command, List<String> workloads) {
        var report = Report.create("Shardloop lab: threading models x threads", command, "workload", COLUMNS, DISPLAY);
        for (var w : workloads) {
            var slug = Charts.slug(w);
            report.charts().add(new ChartSpec("rps-" + slug, "req/s vs threads (" + w + ")", "workload", w,
                    "threads", "requests_per_sec", "model", "threads", "requests/s", false));
            report.charts().add(new ChartSpec("p99-" + slug, "P99 latency vs threads (" + w + ")", "workload", w,
                    "threads", "p99_us", "model", "threads", "P99 (ms)", false, 0.001));
            // when the client is the limit the req/s lines lie on top of each other; the server's cost still separates them
            report.charts().add(new ChartSpec("cpu-" + slug, "server CPU µs per request vs threads (" + w + ")", "workload", w,
                    "threads", "server_us_per_req", "model", "threads", "server µs/request", false));
        }
        return report;
    }

    /** Adds one setting measured once as a row. */
    public static void add(Report report, RunResult r) {
        add(report, RepeatedRun.single(r));
    }

    /**
     * Adds one setting as a row: the median window's figures, with req/s, P99 and server µs/request as the medians
     * of the windows and their ranges; the windows are kept whole in the JSON details ({@code settings}).
     */
    @SuppressWarnings("unchecked")
    public static void add(Report report, RepeatedRun s) {
        report.add(row(s));
        ((List<RepeatedRun>) report.details().computeIfAbsent("settings", k -> new java.util.ArrayList<RepeatedRun>())).add(s);
    }

    /** The settings added, in order. */
    @SuppressWarnings("unchecked")
    public static List<RepeatedRun> settings(Report report) {
        return (List<RepeatedRun>) report.details().getOrDefault("settings", List.of());
    }

    /** One setting as a row of {@link #COLUMNS}. */
    public static Map<String, Object> row(RepeatedRun s) {
        var row = row(s.median());
        put(row, "requests_per_sec", s.requestsPerSecond());
        put(row, "p99_us", s.p99Micros());
        put(row, "server_us_per_req", s.serverMicrosPerRequest());
        row.put("windows", s.judged().size());
        row.put("jvms", s.jvms());
        row.put("warmup_s", s.warmup() == null ? Double.NaN : s.warmup().seconds());
        row.put("warmup_steady", s.warmup() == null ? "" : s.warmup().steady() ? "yes" : "no");
        row.put("noise", String.join("; ", s.noise()));
        row.put("diagnosis", s.diagnosisLine());
        return row;
    }

    private static void put(Map<String, Object> row, String key, io.shardloop.lab.run.Spread s) {
        if (s.n() == 0) {
            return; // a failed setting keeps its (empty) figures
        }
        row.put(key, s.median());
        row.put(key + "_lo", s.low());
        row.put(key + "_hi", s.high());
    }

    /** A median with its range as {@code ±N%} (half the windows' range against the median), when there is one. */
    private static String spread(Map<String, Object> row, String key, double scale) {
        if (!(row.get(key) instanceof Number m) || Double.isNaN(m.doubleValue())) {
            return "";
        }
        var lo = row.get(key + "_lo") instanceof Number n ? n.doubleValue() : m.doubleValue();
        var hi = row.get(key + "_hi") instanceof Number n ? n.doubleValue() : m.doubleValue();
        int windows = row.get("windows") instanceof Number n ? n.intValue() : 1;
        return new io.shardloop.lab.run.Spread(m.doubleValue(), lo, hi, windows).display(v -> Fmt.number(v * scale));
    }

    /** One run as a row of {@link #COLUMNS}. */
    public static Map<String, Object> row(RunResult r) {
        var row = new LinkedHashMap<String, Object>();
        row.put("workload", r.workload().cliName());
        row.put("model", r.model().cliName());
        row.put("threads", r.threads());
        row.put("connections", r.connections());
        row.put("driver", r.driver());
        row.put("server_cpus", r.serverCpus());
        row.put("client_cpus", r.clientCpus());
        row.put("seconds", r.seconds());
        row.put("requests", r.requests());
        row.put("errors", r.errors());
        row.put("requests_per_sec", r.requestsPerSecond());
        var l = r.latencyMicros();
        row.put("p50_us", l.p50());
        row.put("p90_us", l.p90());
        row.put("p99_us", l.p99());
        row.put("p999_us", l.p999());
        row.put("max_us", l.max());
        var s = r.server();
        row.put("server_cpu_pct", s == null ? Double.NaN : s.cpuPercent());
        row.put("server_us_per_req", r.serverMicrosPerRequest());
        row.put("user_share", s == null || s.cpuPercent() <= 0 ? Double.NaN : s.userPercent() / s.cpuPercent());
        row.put("sys_share", s == null || s.cpuPercent() <= 0 ? Double.NaN : s.systemShare());
        row.put("select_share", r.selectShare());
        row.put("dispatcher_cpu_pct", r.figures().dispatcherCpuPercent());
        row.put("ctx_vol_per_sec", s == null ? Double.NaN : s.voluntaryPerSecond());
        row.put("ctx_invol_per_sec", s == null ? Double.NaN : s.involuntaryPerSecond());
        row.put("client_cpu_pct", r.client() == null ? Double.NaN : r.client().cpuPercent());
        row.put("threads_created", r.threadsCreated());
        row.put("loop_imbalance", r.figures().loopImbalance());
        row.put("other_cpu_server_pct", r.figures().otherServerCpuPercent());
        row.put("other_cpu_client_pct", r.figures().otherClientCpuPercent());
        row.put("steal_pct", r.figures().stealPercent());
        row.put("ceiling_share", r.requestsPerSecond() / r.figures().ceilingRequestsPerSecond());
        var cores = r.cores();
        row.put("core_budget_pct", cores == null ? Double.NaN : 100 * cores.budget().share());
        row.put("budgets_held", cores == null ? "" : cores.held() ? "yes" : "no");
        row.put("jvm_group_cpu_pct", cores == null ? Double.NaN : cores.jvmCpuPercent());
        row.put("handshakes_per_sec", r.figures().handshakesPerSecond());
        row.put("handshake_ms", r.figures().handshakeMillis());
        row.put("handshake_task_us", r.figures().handshakeTaskMicros());
        row.put("diagnosis", r.diagnosis().line());
        return row;
    }

    private static String ms(Object micros) {
        return micros instanceof Number n && !Double.isNaN(n.doubleValue()) ? Fmt.number(n.doubleValue() / 1000) : "";
    }

    private static String pct(Object percent) {
        return percent instanceof Number n && !Double.isNaN(n.doubleValue()) ? String.format(java.util.Locale.ROOT, "%.0f%%", n.doubleValue()) : "";
    }

    private static String shares(Object user, Object sys) {
        if (user instanceof Number u && sys instanceof Number s && !Double.isNaN(u.doubleValue())) {
            return String.format(java.util.Locale.ROOT, "%.0f/%.0f", 100 * u.doubleValue(), 100 * s.doubleValue());
        }
        return "";
    }
}
