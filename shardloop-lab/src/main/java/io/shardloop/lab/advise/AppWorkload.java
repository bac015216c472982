package io.shardloop.lab.advise;

import io.shardloop.load.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The load an application asks to be compared at, read from its jar's {@code META-INF/shardloop/workload.properties}
 * (keys named like {@code advise}'s flags); each field is null where the resource is silent, so that a flag, then
 * the resource, then the advisor's own default decides. Immutable, any thread.
 *
 * @param workload    {@code keepalive} or {@code short}
 * @param connections load generator connections
 * @param rate        fixed total rate in requests/s, or 0 for the closed loop ({@code rate = closed})
 * @param sloP99      the P99 objective
 * @param duration    the measured window per run
 * @param warmup      the unmeasured load before it
 */
public record AppWorkload(String workload, Integer connections, Double rate, Duration sloP99, Duration duration,
                          Duration warmup) {

    /** What a jar without the resource says: nothing. */
    public static final AppWorkload NONE = new AppWorkload(null, null, null, null, null, null);

    /**
     * The advisor's own defaults, for a jar that names none: a closed loop on 16 connections, P99 within 10 ms. Few
     * connections because a closed loop keeps the server's CPUs busy whatever their number, so its P99 is about
     * connections x the time per request: 64 connections on one core need 10,000 req/s and more before any setting
     * meets 10 ms; 16 let an application that costs a few hundred µs per request meet it, and still queue enough
     * to show a loop that blocks.
     */
    public static final AppWorkload DEFAULTS = new AppWorkload("keepalive", 16, 0.0, Duration.ofMillis(10),
            Duration.ofSeconds(2), Duration.ofSeconds(1));

    private static final Set<String> KEYS = Set.of("workload", "connections", "rate", "slo-p99", "duration", "warmup");

    /**
     * Parses the resource's text; {@code source} names it in the one-line error a bad key or value gets
     * ({@code app.jar!/META-INF/shardloop/workload.properties: connections accepts a count >= 1, got '0'}).
     */
    public static AppWorkload parse(String text, String source) {
        var p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) { // a malformed \\uXXXX escape
            throw new IllegalArgumentException(source + ": not a properties file (" + e.getMessage() + ")");
        }
        var unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown key '" + unknown.first() + "'; the keys are "
                    + String.join(", ", new TreeSet<>(KEYS)));
        }
        String at = source + ": ";
        return new AppWorkload(workload(p.getProperty("workload"), at + "workload"),
                connections(p.getProperty("connections"), at + "connections"), rate(p.getProperty("rate"), at + "rate"),
                positive(p.getProperty("slo-p99"), at + "slo-p99"), positive(p.getProperty("duration"), at + "duration"),
                duration(p.getProperty("warmup"), at + "warmup"));
    }

    /** This workload with each field it leaves null taken from {@code fallback}. */
    public AppWorkload or(AppWorkload fallback) {
        return new AppWorkload(workload != null ? workload : fallback.workload,
                connections != null ? connections : fallback.connections, rate != null ? rate : fallback.rate,
                sloP99 != null ? sloP99 : fallback.sloP99, duration != null ? duration : fallback.duration,
                warmup != null ? warmup : fallback.warmup);
    }

    /** The fields set, as {@code key value} in the resource's names, e.g. {@code connections 16, rate closed}. */
    public String describe() {
        var parts = new java.util.ArrayList<String>();
        if (workload != null) parts.add("workload " + workload);
        if (connections != null) parts.add("connections " + connections);
        if (rate != null) parts.add("rate " + (rate == 0 ? "closed" : rateText(rate)));
        if (sloP99 != null) parts.add("slo-p99 " + Durations.format(sloP99));
        if (duration != null) parts.add("duration " + Durations.format(duration));
        if (warmup != null) parts.add("warmup " + Durations.format(warmup));
        return String.join(", ", parts);
    }

    private static String rateText(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    // Each check below takes the value and a label that names where it came from, a flag (--rate) or a resource
    // key (app.jar!/...: rate), and returns null for null: one rule for the flag and the resource.

    /** Checks a workload name: {@code keepalive} or {@code short}. */
    public static String workload(String value, String label) {
        if (value == null) return null;
        var v = value.strip();
        if (!v.equals("keepalive") && !v.equals("short")) {
            throw new IllegalArgumentException(label + " accepts keepalive or short, got '" + value + "'");
        }
        return v;
    }

    /** Parses a connection count >= 1. */
    public static Integer connections(String value, String label) {
        if (value == null) return null;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(label + " accepts a count >= 1, got '" + value + "'");
    }

    /** Parses a rate: {@code closed} (0, the closed loop) or a number of requests/s above 0. */
    public static Double rate(String value, String label) {
        if (value == null) return null;
        var v = value.strip();
        if (v.equals("closed")) return 0.0;
        try {
            double r = Double.parseDouble(v);
            if (r > 0 && Double.isFinite(r)) return r;
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(label + " accepts a number of requests/s > 0 or 'closed', got '" + value + "'");
    }

    /** Parses a duration above 0 ({@code 10ms}, {@code 2s}). */
    public static Duration positive(String value, String label) {
        var d = duration(value, label);
        if (d != null && d.isZero()) {
            throw new IllegalArgumentException(label + " accepts a duration > 0 like 10ms, got '" + value + "'");
        }
        return d;
    }

    /** Parses a duration ({@code 0}, {@code 500ms}, {@code 1s}). */
    public static Duration duration(String value, String label) {
        return value == null ? null : Durations.parse(label, value);
    }
}
