package io.shardloop.load;

import java.util.Locale;

/** Formats a {@link LoadResult} for people: a wrk-like summary, the per-second timeline and warnings. Stateless. */
public final class HumanReport {

    private HumanReport() {
    }

    public static String format(LoadResult r, LoadSpec spec) {
        var sb = new StringBuilder(1024);
        line(sb, "shardloop load %s", r.url());
        line(sb, "  %s %s, %d connection%s, %d thread%s (%s), %s measured after %s warm-up%s", r.protocol(),
                r.mode(), r.connections(), r.connections() == 1 ? "" : "s", r.threads(), r.threads() == 1 ? "" : "s",
                r.io(),
                Durations.format(spec.duration()), Durations.format(spec.warmup()),
                spec.mode() == Mode.PIPELINE ? ", " + spec.pipeline() + " in flight per connection" : "");
        line(sb, "  requests     %,d  %,.1f req/s  %s/s read", r.requests(), r.requestsPerSecond(),
                bytes(r.bytesPerSecond()));
        latency(sb, "  latency      ", r.latencyMicros());
        if (r.uncorrectedLatencyMicros() != null) {
            latency(sb, "  uncorrected  ", r.uncorrectedLatencyMicros());
            line(sb, "               (latency is from the intended send time; uncorrected is from the actual send)");
        }
        var e = r.errors();
        line(sb, "  errors       %,d  (connect %,d, reset %,d, timeout %,d, garbage %,d, status %,d, tls %,d)",
                e.total(), e.connect(), e.reset(), e.timeout(), e.garbage(), e.status(), e.tls());
        var tls = r.tls();
        if (tls != null) {
            line(sb, "  tls          %,d handshakes  %,.1f/s  resumed %,d (resumption %s)  failed %,d", tls.handshakes(),
                    tls.handshakesPerSecond(), tls.resumed(), tls.resume() ? "on" : "off", tls.failed());
            latency(sb, "  handshake    ", tls.handshakeMicros());
        }
        var cpu = r.cpu();
        line(sb, "  generator    CPU user %.2f s, system %.2f s: %.0f%% of one core, %.2f us/request", cpu.userSeconds(),
                cpu.systemSeconds(), 100 * cpu.utilisation(), cpu.microsPerRequest());
        if (r.targetRate() != null) {
            line(sb, "  rate         target %,.1f req/s, achieved %,.1f req/s", r.targetRate(), r.achievedRate());
            var lag = r.sendLagHistogram();
            if (lag != null && lag.getTotalCount() > 0) {
                line(sb, "  send lag     p50 %s  p99 %s  max %s  (how late sends left after their intended time)",
                        micros(lag.getValueAtPercentile(50)), micros(lag.getValueAtPercentile(99)),
                        micros(lag.getMaxValue()));
            }
        }
        line(sb, "  timeline     second  requests  errors");
        for (var s : r.timeline()) {
            line(sb, "               %6d  %,8d  %,6d", s.second(), s.requests(), s.errors());
        }
        for (String w : r.warnings() == null ? java.util.List.<String>of() : r.warnings()) {
            line(sb, "WARNING: %s", w);
        }
        return sb.toString();
    }

    private static void latency(StringBuilder sb, String label, LoadResult.Latency l) {
        line(sb, "%sp50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s  mean %s", label, micros(l.p50()),
                micros(l.p90()), micros(l.p99()), micros(l.p999()), micros(l.p9999()), micros(l.max()),
                micros(Math.round(l.mean())));
    }

    /** 850us, 10.12ms, 1.50s. */
    static String micros(long us) {
        if (us < 1000) {
            return us + "us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }

    private static String bytes(double b) {
        if (b < 1024) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        }
        return String.format(Locale.ROOT, "%.2f MiB", b / (1024 * 1024));
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
