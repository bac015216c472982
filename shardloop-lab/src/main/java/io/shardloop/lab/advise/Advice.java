package io.shardloop.lab.advise;

import static io.shardloop.lab.report.Fmt.number;

import io.shardloop.lab.matrix.RepeatedRun;
import io.shardloop.lab.run.Spread;
import io.shardloop.model.ModelKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The advisor's answer: the ranking, one recommendation in plain words with the figures behind it (or, when the
 * measurement cannot tell the first settings apart, the tied group and what would separate them), and for the
 * best setting of every other model why it lost. Pure: made from recorded runs, so tests feed it figures.
 *
 * @param tied            the first settings when the measurement cannot tell them apart on the deciding figure
 *                        (empty when one is clearly first or none met the objective)
 * @param winner          the recommended setting, or null when none met the objective or the first stay tied
 * @param recommendation  one paragraph
 * @param runnersUp       one line per other model (its best setting): why it lost, with figures
 */
public record Advice(Objective objective, int connections, List<Ranked> ranking, List<Ranked> tied, Ranked winner,
                     String recommendation, List<String> runnersUp) {

    public Advice {
        ranking = List.copyOf(ranking);
        tied = List.copyOf(tied);
        runnersUp = List.copyOf(runnersUp);
    }

    public static Advice of(List<RepeatedRun> runs, Objective objective, int connections) {
        var r = Ranking.of(runs, objective);
        var ranking = r.ranked();
        var tied = r.leaders().size() > 1 ? r.leaders() : List.<Ranked>of();
        var reference = ranking.isEmpty() ? null : ranking.getFirst();
        var lines = new ArrayList<String>();
        var seen = new HashSet<ModelKind>();
        if (reference != null) {
            seen.add(reference.setting().model());
        }
        for (var x : ranking) {
            if (seen.add(x.setting().model())) {
                lines.add(whyLost(x, r, objective));
            }
        }
        return new Advice(objective, connections, ranking, tied, r.winner(), recommend(r, objective, connections), lines);
    }

    /** The settings that lead when none wins outright, else the winner alone; empty when none met the objective. */
    public List<Ranked> leaders() {
        return !tied.isEmpty() ? tied : winner == null ? List.of() : List.of(winner);
    }

    private static String recommend(Ranking ranking, Objective o, int connections) {
        var all = ranking.ranked();
        if (all.isEmpty()) {
            return "Nothing ran.";
        }
        var leaders = ranking.leaders();
        if (leaders.isEmpty()) {
            var closest = all.getFirst();
            return "No setting met the objective (" + describe(o, connections) + "). Closest: "
                    + closest.setting().label() + ", " + String.join("; ", closest.shortfalls()) + ".";
        }
        long met = all.stream().filter(Ranked::meets).count();
        var winner = ranking.winner();
        var sb = new StringBuilder();
        if (winner != null && leaders.size() == 1) {
            sb.append("Use ").append(winner.setting().label()).append(": ").append(figures(winner, o, connections)).append(' ');
            var next = all.size() > 1 && all.get(1).meets() ? all.get(1) : null;
            if (o.fixedRate()) {
                sb.append(met == 1 ? "It was the only one of the " + all.size() + " settings that met the objective."
                        : "Its CPU per request was clearly the least of the " + met + " settings that met the objective"
                        + (next == null ? "." : " (next: " + next.setting().label() + ", " + range(next.run().serverMicrosPerRequest(), "µs") + ")."));
            } else {
                sb.append(met == 1 ? "It was the only one of the " + all.size() + " settings that met the objective."
                        : "Its median req/s lies above every window of every other setting"
                        + (next == null ? "." : " (next: " + next.setting().label() + ", " + range(next.run().requestsPerSecond(), "req/s") + ")."));
            }
        } else {
            sb.append(names(leaders)).append(" are within noise of each other on this workload (")
                    .append(o.fixedRate() ? "server CPU per request: " : "req/s: ")
                    .append(String.join(", ", leaders.stream().map(x -> x.setting().label() + " "
                            + (o.fixedRate() ? range(x.run().serverMicrosPerRequest(), "µs") : range(x.run().requestsPerSecond(), ""))).toList()))
                    .append("). ");
            var cheapest = leaders.getFirst();
            if (winner != null) {
                sb.append("Use ").append(winner.setting().label()).append(": of those it used clearly the least server CPU, ")
                        .append(range(winner.run().serverMicrosPerRequest(), "µs")).append(" per request. ")
                        .append(figures(winner, o, connections));
            } else {
                sb.append("Of those, ").append(cheapest.setting().label()).append(" used the least server CPU (")
                        .append(number(cheapest.cpuMicros())).append(" µs per request), within noise too. ")
                        .append("What would separate them: a longer window (--duration), more windows or JVMs (--repeats, --forks)")
                        .append(o.fixedRate() ? "." : ", or a fixed rate below all of them (--rate "
                                + number(Math.floor(0.8 * leaders.stream().mapToDouble(Ranked::requestsPerSecond).min().orElse(0)))
                                + ") to compare their CPU at equal load.");
            }
        }
        var edge = all.stream().filter(x -> x.run().failure() == null && atTheObjectivesEdge(x.run(), o)).toList();
        if (!edge.isEmpty()) {
            sb.append(" At the P99 objective's edge, some windows within ").append(ms(o.p99Micros())).append(" and some over: ")
                    .append(String.join(", ", edge.stream().map(x -> x.setting().label() + " (P99 "
                            + number(x.run().p99Micros().low() / 1000) + "-" + number(x.run().p99Micros().high() / 1000)
                            + " ms, " + (x.meets() ? "met" : "missed") + " by its median)").toList()))
                    .append("; another run may put ").append(edge.size() == 1 ? "it" : "them")
                    .append(" on the other side of the objective.");
        }
        long contended = all.stream().filter(x -> "contended".equals(x.run().median().diagnosis().label())).count();
        if (contended > 0) {
            sb.append(" Other processes used the CPUs in ").append(contended).append(" of the settings (diagnosis `contended`): "
                    + "rerun when the machine is quiet before trusting close calls.");
        }
        return sb.toString().strip();
    }

    /**
     * Whether the setting's windows fell on both sides of the P99 objective: whether it meets it is then a matter of
     * the run (downstream, 2026-12-07: single-reactor's median P99 14.5 ms in one run and 41.2 ms in the next, its
     * windows 14.7 ms to 1.7 s, against 20 ms).
     */
    static boolean atTheObjectivesEdge(RepeatedRun r, Objective o) {
        var p = r.p99Micros();
        return p.n() > 1 && p.low() <= o.p99Micros() && p.high() > o.p99Micros();
    }

    private static String figures(Ranked w, Objective o, int connections) {
        var sb = new StringBuilder();
        if (o.fixedRate()) {
            sb.append("at ").append(number(o.rate())).append(" req/s on ").append(connections).append(" connections it answered with P99 ")
                    .append(ms(w.p99Micros()));
        } else {
            sb.append("closed loop on ").append(connections).append(" connections it answered ")
                    .append(range(w.run().requestsPerSecond(), "req/s")).append(" with P99 ").append(ms(w.p99Micros()));
        }
        return sb.append(" (objective ").append(ms(o.p99Micros())).append(") for ")
                .append(range(w.run().serverMicrosPerRequest(), "µs")).append(" of server CPU per request.").toString();
    }

    /** Why {@code r}, the best setting of its model, lost (or, without a winner, how it compares). */
    static String whyLost(Ranked r, Ranking ranking, Objective o) {
        var reasons = new ArrayList<>(r.shortfalls());
        LoopBlocking.of(r.run().median()).filter(LoopBlocking::blocked).ifPresent(b -> reasons.add(b.describe()));
        var leaders = ranking.leaders();
        if (r.meets() && !leaders.isEmpty()) {
            var first = leaders.getFirst();
            if (leaders.contains(r)) {
                reasons.add("within noise of " + (leaders.size() == 2 ? "the other leader" : "the leaders")
                        + (ranking.winner() != null ? " on req/s, but cost " + range(r.run().serverMicrosPerRequest(), "µs")
                        + " of server CPU per request against " + range(ranking.winner().run().serverMicrosPerRequest(), "µs")
                        : ": " + (o.fixedRate() ? range(r.run().serverMicrosPerRequest(), "µs") + " per request" : range(r.run().requestsPerSecond(), "req/s"))));
            } else if (!o.fixedRate()) {
                reasons.add("met the objective but answered " + range(r.run().requestsPerSecond(), "req/s") + " against "
                        + range(first.run().requestsPerSecond(), "req/s"));
            } else {
                reasons.add("met the objective but cost " + range(r.run().serverMicrosPerRequest(), "µs")
                        + " of server CPU per request, " + String.format(Locale.ROOT, "%.1fx", r.cpuMicros() / first.cpuMicros())
                        + " the cheapest's " + number(first.cpuMicros()));
            }
        }
        if (r.run().failure() == null) {
            reasons.add("diagnosis: " + r.run().median().diagnosis().label());
        }
        return r.setting().label() + " (rank " + r.rank() + "): " + String.join("; ", reasons) + ".";
    }

    /** {@code 70,681 req/s (60,982-75,558)}: a median with its windows' range. */
    static String range(Spread s, String unit) {
        if (s.n() == 0) {
            return "unknown";
        }
        var u = unit.isEmpty() ? "" : " " + unit;
        return s.n() == 1 ? number(s.median()) + u
                : number(s.median()) + u + " (" + number(s.low()) + "-" + number(s.high()) + ")";
    }

    private static String names(List<Ranked> rs) {
        var labels = rs.stream().map(x -> x.setting().label()).toList();
        return labels.size() == 1 ? labels.getFirst()
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.getLast();
    }

    private static String describe(Objective o, int connections) {
        return "P99 ≤ " + ms(o.p99Micros()) + (o.fixedRate() ? " at " + number(o.rate()) + " req/s" : " closed loop")
                + " on " + connections + " connections, errors < " + Math.round(100 * Objective.ERROR_SHARE) + "%";
    }

    private static String ms(double micros) {
        return Double.isNaN(micros) ? "unknown" : number(micros / 1000) + " ms";
    }
}
