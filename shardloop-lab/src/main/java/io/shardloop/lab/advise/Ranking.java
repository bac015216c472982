package io.shardloop.lab.advise;

import static io.shardloop.lab.report.Fmt.number;

import io.shardloop.lab.matrix.RepeatedRun;
import io.shardloop.lab.run.Spread;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Orders the settings of one advise, each measured in several windows, and says which of them the measurement
 * cannot tell apart. A setting is clearly ahead of another only when its median lies beyond every window of the
 * other and beyond the other's median by more than the run's noise (the median relative range of the settings' windows,
 * at least {@link Objective#NOISE_FLOOR}); otherwise the two are tied.
 * <ul>
 *   <li>Fixed rate: the settings that met it, by server CPU per request; the leaders are those not clearly
 *       costlier than the cheapest.</li>
 *   <li>Closed loop: among the settings that met the P99 objective, the leaders are those not clearly slower than
 *       the one with the most req/s; they come first, by server CPU per request, then the rest by req/s.</li>
 *   <li>Missed: by P99, failed settings last.</li>
 * </ul>
 * Pure; any thread.
 *
 * @param ranked   every setting in order
 * @param leaders  the first settings that the measurement cannot tell apart on the deciding figure (req/s, or CPU
 *                 at a fixed rate): one when a setting is clearly first; empty when none met the objective
 * @param winner   the recommended setting: the only leader, or among tied leaders the one whose CPU per request is
 *                 clearly the least; null when none met the objective or the leaders stay tied
 */
public record Ranking(List<Ranked> ranked, List<Ranked> leaders, Ranked winner) {

    private static final Comparator<RepeatedRun> BY_CPU = Comparator.comparingDouble(r -> orLast(r.serverMicrosPerRequest().median()));
    private static final Comparator<RepeatedRun> BY_RPS = Comparator.comparingDouble((RepeatedRun r) -> r.requestsPerSecond().median()).reversed();

    public Ranking {
        ranked = List.copyOf(ranked);
        leaders = List.copyOf(leaders);
    }

    public static Ranking of(List<RepeatedRun> runs, Objective objective) {
        var met = new ArrayList<RepeatedRun>();
        var missed = new ArrayList<RepeatedRun>();
        for (var r : runs) {
            (shortfalls(r, objective).isEmpty() ? met : missed).add(r);
        }
        List<RepeatedRun> leaders;
        var rest = new ArrayList<RepeatedRun>();
        if (objective.fixedRate()) {
            met.sort(BY_CPU);
            leaders = lead(met, RepeatedRun::serverMicrosPerRequest, false);
            met.stream().filter(r -> !leaders.contains(r)).forEach(rest::add);
        } else {
            met.sort(BY_RPS);
            var byRps = lead(met, RepeatedRun::requestsPerSecond, true);
            leaders = byRps.stream().sorted(BY_CPU).toList();
            met.stream().filter(r -> !leaders.contains(r)).forEach(rest::add);
        }
        var order = new ArrayList<>(leaders);
        order.addAll(rest);
        missed.stream().sorted(Comparator.comparing((RepeatedRun r) -> r.failure() != null)
                .thenComparing(Ranking::failing)
                .thenComparingDouble(r -> orLast(r.p99Micros().median()))).forEach(order::add);
        var out = new ArrayList<Ranked>();
        for (var r : order) {
            var why = shortfalls(r, objective);
            out.add(new Ranked(out.size() + 1, Setting.of(r.median()), r, why.isEmpty(), why));
        }
        var top = out.subList(0, leaders.size());
        Ranked winner = null;
        if (top.size() == 1) {
            winner = top.getFirst();
        } else if (!objective.fixedRate() && top.size() > 1) {
            // tied on req/s: a setting whose CPU is clearly the least still wins
            var cheapest = top.getFirst();
            double noise = noise(met, RepeatedRun::serverMicrosPerRequest);
            if (top.stream().skip(1).allMatch(o -> clearlyAhead(cheapest.run().serverMicrosPerRequest(),
                    o.run().serverMicrosPerRequest(), noise, false))) {
                winner = cheapest;
            }
        }
        return new Ranking(out, top, winner);
    }

    /** The most settings measured again in a further JVM: a tie wider than this is not one more JVMs would split. */
    public static final int MAX_CONTENDERS = 6;

    /**
     * The settings whose standing a further JVM could change, best first: the leaders, and the others that met the
     * objective and whose best window came within the run's noise of the best median on the deciding figure (req/s,
     * or CPU per request at a fixed rate); at most {@link #MAX_CONTENDERS}. Empty when none met the objective.
     */
    public static List<RepeatedRun> contenders(List<RepeatedRun> runs, Objective objective) {
        var ranking = of(runs, objective);
        if (ranking.leaders().isEmpty()) {
            return List.of();
        }
        boolean cpu = objective.fixedRate();
        Function<RepeatedRun, Spread> figure = cpu ? RepeatedRun::serverMicrosPerRequest : RepeatedRun::requestsPerSecond;
        var met = ranking.ranked().stream().filter(Ranked::meets).map(Ranked::run).toList();
        double noise = noise(met, figure);
        var leaders = ranking.leaders().stream().map(Ranked::run).toList();
        var medians = met.stream().mapToDouble(r -> figure.apply(r).median());
        double best = cpu ? medians.min().orElseThrow() : medians.max().orElseThrow();
        return met.stream()
                .filter(r -> leaders.contains(r) || (cpu ? figure.apply(r).low() <= best * (1 + noise)
                        : figure.apply(r).high() >= best * (1 - noise)))
                .sorted(cpu ? BY_CPU : BY_RPS)
                .limit(MAX_CONTENDERS)
                .toList();
    }

    /**
     * The settings (sorted best first on {@code figure}) that are not clearly behind the first: the first alone
     * when it is clearly ahead of all the others.
     */
    private static List<RepeatedRun> lead(List<RepeatedRun> sorted, Function<RepeatedRun, Spread> figure, boolean higherIsBetter) {
        if (sorted.isEmpty()) {
            return List.of();
        }
        double noise = noise(sorted, figure);
        var best = figure.apply(sorted.getFirst());
        return sorted.stream().filter(r -> r == sorted.getFirst() || !clearlyAhead(best, figure.apply(r), noise, higherIsBetter)).toList();
    }

    /**
     * Whether {@code a} is clearly better than {@code b}: no window of {@code b} reached {@code a}'s median, and the
     * medians differ by more than {@code noise} of {@code a}'s. One slow window of {@code a} does not tie it with
     * everything (it did when both whole ranges had to be apart: advise on db, 2026-12-07, single-reactor's windows
     * 43,083, 101,849 and 116,313 req/s tied all 14 settings); one lucky window of {@code b} still ties the two.
     */
    static boolean clearlyAhead(Spread a, Spread b, double noise, boolean higherIsBetter) {
        if (a.n() == 0 || b.n() == 0) {
            return b.n() == 0 && a.n() > 0;
        }
        boolean apart = higherIsBetter ? a.medianAbove(b) : a.medianBelow(b);
        double gap = higherIsBetter ? a.median() - b.median() : b.median() - a.median();
        return apart && gap > noise * Math.abs(a.median());
    }

    /**
     * The run's noise on {@code figure}: the median over the settings of their windows' range against their
     * median, at least {@link Objective#NOISE_FLOOR} (with one window per setting there is no range to read).
     */
    static double noise(List<RepeatedRun> runs, Function<RepeatedRun, Spread> figure) {
        var ranges = runs.stream().map(figure).filter(s -> s.n() > 1 && s.median() != 0)
                .mapToDouble(s -> (s.high() - s.low()) / Math.abs(s.median())).toArray();
        var pooled = Spread.of(ranges);
        return Math.max(Objective.NOISE_FLOOR, pooled.n() == 0 ? 0 : pooled.median());
    }

    /** Why {@code r} missed the objective, one phrase per reason with its figure; empty when it met it. */
    public static List<String> shortfalls(RepeatedRun r, Objective o) {
        var out = new ArrayList<String>();
        if (r.failure() != null) {
            out.add("failed: " + r.failure());
            return out;
        }
        long attempts = requests(r) + errors(r);
        if (attempts == 0) {
            out.add("no request was answered");
            return out;
        }
        if (failing(r)) {
            out.add("%s of %s requests failed (%.1f%%: the handler threw, timed out or the connection broke)"
                    .formatted(String.format("%,d", errors(r)), String.format("%,d", attempts), 100.0 * errors(r) / attempts));
        }
        var p99 = r.p99Micros();
        if (Double.isNaN(p99.median()) || p99.median() > o.p99Micros()) {
            out.add("P99 " + (Double.isNaN(p99.median()) ? "unknown" : number(p99.median() / 1000) + " ms") + " over the "
                    + number(o.p99Micros() / 1000) + " ms objective");
        }
        if (o.fixedRate() && !(r.requestsPerSecond().median() >= Objective.RATE_SHARE * o.rate())) {
            out.add("reached " + number(r.requestsPerSecond().median()) + " of " + number(o.rate()) + " req/s");
        }
        return out;
    }

    /** Whether at least {@link Objective#ERROR_SHARE} of its requests failed (or none was sent), over its windows. */
    static boolean failing(RepeatedRun r) {
        long attempts = requests(r) + errors(r);
        return attempts == 0 || errors(r) >= Objective.ERROR_SHARE * attempts;
    }

    private static long requests(RepeatedRun r) {
        return r.measured().stream().mapToLong(w -> w.requests()).sum();
    }

    private static long errors(RepeatedRun r) {
        return r.measured().stream().mapToLong(w -> w.errors()).sum();
    }

    private static double orLast(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }
}
