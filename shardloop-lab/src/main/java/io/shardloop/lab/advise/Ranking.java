package io.shardloop.lab.advise;

import static io.shardloop.lab.report.Fmt.number;

import io.shardloop.lab.matrix.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the runs of one advise: first those that met the objective, then the rest.
 * <ul>
 *   <li>Fixed rate: the settings that met it, by server CPU per request (the cheapest way to carry the load).</li>
 *   <li>Closed loop: the settings within {@link Objective#CLOSED_LOOP_TIE} of the best req/s among those that met
 *       the P99 objective, by server CPU per request; then the other qualifying ones by req/s.</li>
 *   <li>Missed: by P99, failed runs last.</li>
 * </ul>
 * Pure; any thread.
 */
public final class Ranking {

    private static final Comparator<RunResult> BY_CPU = Comparator.comparingDouble(r -> orLast(r.serverMicrosPerRequest()));

    private Ranking() {
    }

    public static List<Ranked> of(List<RunResult> runs, Objective objective) {
        var met = new ArrayList<RunResult>();
        var missed = new ArrayList<RunResult>();
        for (var r : runs) {
            (shortfalls(r, objective).isEmpty() ? met : missed).add(r);
        }
        var order = new ArrayList<RunResult>();
        if (objective.fixedRate()) {
            met.stream().sorted(BY_CPU).forEach(order::add);
        } else {
            double best = met.stream().mapToDouble(RunResult::requestsPerSecond).max().orElse(0);
            double tie = best * Objective.CLOSED_LOOP_TIE;
            met.stream().filter(r -> r.requestsPerSecond() >= tie).sorted(BY_CPU).forEach(order::add);
            met.stream().filter(r -> r.requestsPerSecond() < tie)
                    .sorted(Comparator.comparingDouble(RunResult::requestsPerSecond).reversed()).forEach(order::add);
        }
        missed.stream().sorted(Comparator.comparing((RunResult r) -> r.failure() != null)
                .thenComparing(Ranking::failing)
                .thenComparingDouble(r -> orLast(r.latencyMicros().p99()))).forEach(order::add);
        var out = new ArrayList<Ranked>();
        for (var r : order) {
            var why = shortfalls(r, objective);
            out.add(new Ranked(out.size() + 1, Setting.of(r), r, why.isEmpty(), why));
        }
        return out;
    }

    /** Why {@code r} missed the objective, one phrase per reason with its figure; empty when it met it. */
    public static List<String> shortfalls(RunResult r, Objective o) {
        var out = new ArrayList<String>();
        if (r.failure() != null) {
            out.add("failed: " + r.failure());
            return out;
        }
        long attempts = r.requests() + r.errors();
        if (attempts == 0) {
            out.add("no request was answered");
            return out;
        }
        if (failing(r)) {
            out.add("%s of %s requests failed (%.1f%%: the handler threw, timed out or the connection broke)"
                    .formatted(String.format("%,d", r.errors()), String.format("%,d", attempts), 100.0 * r.errors() / attempts));
        }
        double p99 = r.latencyMicros().p99();
        if (Double.isNaN(p99) || p99 > o.p99Micros()) {
            out.add("P99 " + (Double.isNaN(p99) ? "unknown" : number(p99 / 1000) + " ms") + " over the "
                    + number(o.p99Micros() / 1000) + " ms objective");
        }
        if (o.fixedRate() && !(r.requestsPerSecond() >= Objective.RATE_SHARE * o.rate())) {
            out.add("reached " + number(r.requestsPerSecond()) + " of " + number(o.rate()) + " req/s");
        }
        return out;
    }

    /** Whether at least {@link Objective#ERROR_SHARE} of its requests failed (or none was sent). */
    static boolean failing(RunResult r) {
        long attempts = r.requests() + r.errors();
        return attempts == 0 || r.errors() >= Objective.ERROR_SHARE * attempts;
    }

    private static double orLast(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }
}
