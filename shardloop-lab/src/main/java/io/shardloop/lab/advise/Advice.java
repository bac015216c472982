package io.shardloop.lab.advise;

import static io.shardloop.lab.report.Fmt.number;

import io.shardloop.model.ModelKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The advisor's answer: the ranking, one recommendation in plain words with the figures behind it, and for the
 * best run of every other model why it lost. Pure: made from recorded runs, so tests feed it figures.
 *
 * @param winner          the recommended run, or null when no setting met the objective
 * @param recommendation  one paragraph
 * @param runnersUp       one line per other model (its best run): why it lost, with figures
 */
public record Advice(Objective objective, int connections, List<Ranked> ranking, Ranked winner, String recommendation,
                     List<String> runnersUp) {

    public Advice {
        ranking = List.copyOf(ranking);
        runnersUp = List.copyOf(runnersUp);
    }

    public static Advice of(List<io.shardloop.lab.matrix.RunResult> runs, Objective objective, int connections) {
        var ranking = Ranking.of(runs, objective);
        var winner = ranking.isEmpty() || !ranking.getFirst().meets() ? null : ranking.getFirst();
        var reference = winner != null ? winner : ranking.isEmpty() ? null : ranking.getFirst();
        var lines = new ArrayList<String>();
        var seen = new HashSet<ModelKind>();
        if (reference != null) {
            seen.add(reference.setting().model());
        }
        for (var r : ranking) {
            if (seen.add(r.setting().model())) {
                lines.add(whyLost(r, winner, objective));
            }
        }
        return new Advice(objective, connections, ranking, winner, recommend(ranking, winner, objective, connections), lines);
    }

    private static String recommend(List<Ranked> ranking, Ranked winner, Objective o, int connections) {
        if (ranking.isEmpty()) {
            return "Nothing ran.";
        }
        if (winner == null) {
            var closest = ranking.getFirst();
            return "No setting met the objective (" + describe(o, connections) + "). Closest: "
                    + closest.setting().label() + ", " + String.join("; ", closest.shortfalls()) + ".";
        }
        var r = winner.run();
        long met = ranking.stream().filter(Ranked::meets).count();
        var sb = new StringBuilder("Use ").append(winner.setting().label()).append(": ");
        if (o.fixedRate()) {
            sb.append("at ").append(number(o.rate())).append(" req/s on ").append(connections)
                    .append(" connections it answered with P99 ").append(ms(r.latencyMicros().p99()))
                    .append(" (objective ").append(ms(o.p99Micros())).append(") for ").append(number(winner.cpuMicros()))
                    .append(" µs of server CPU per request, ").append(met == 1 ? "the only one of the "
                            : "the least of the " + met + " of ").append(ranking.size())
                    .append(" settings that met the objective.");
        } else {
            double best = ranking.stream().filter(Ranked::meets).mapToDouble(x -> x.run().requestsPerSecond()).max().orElse(0);
            long tied = ranking.stream().filter(x -> x.meets() && x.run().requestsPerSecond() >= best * Objective.CLOSED_LOOP_TIE).count();
            sb.append("closed loop on ").append(connections).append(" connections it answered ")
                    .append(number(r.requestsPerSecond())).append(" req/s with P99 ").append(ms(r.latencyMicros().p99()))
                    .append(" (objective ").append(ms(o.p99Micros())).append(") for ").append(number(winner.cpuMicros()))
                    .append(" µs of server CPU per request. ").append(met).append(" of ").append(ranking.size())
                    .append(" settings met the objective; ");
            if (tied > 1) {
                sb.append(tied).append(" came within ").append(Math.round(100 * (1 - Objective.CLOSED_LOOP_TIE)))
                        .append("% of the best req/s (").append(number(best)).append(") and this one used the least CPU per request of those.");
            } else {
                sb.append("this one answered the most requests by more than ")
                        .append(Math.round(100 * (1 - Objective.CLOSED_LOOP_TIE))).append("%.");
            }
        }
        long contended = ranking.stream().filter(x -> "contended".equals(x.run().diagnosis().label())).count();
        if (contended > 0) {
            sb.append(" Other processes used the CPUs in ").append(contended).append(" of the runs (diagnosis `contended`): "
                    + "rerun when the machine is quiet before trusting close calls.");
        }
        return sb.toString();
    }

    /** Why {@code r}, the best run of its model, lost to the winner (or, without one, why it missed). */
    static String whyLost(Ranked r, Ranked winner, Objective o) {
        var reasons = new ArrayList<>(r.shortfalls());
        var blocking = LoopBlocking.of(r.run());
        blocking.filter(LoopBlocking::blocked).ifPresent(b -> reasons.add("a handler blocked the loop "
                + number(b.millisPerRequest()) + " ms per request (the loop was out of select but off the CPU; "
                + number(b.voluntaryPerRequest()) + " voluntary context switches per request), so the loop's other "
                + "connections waited"));
        if (r.meets() && winner != null) {
            if (!o.fixedRate() && r.run().requestsPerSecond() < winner.run().requestsPerSecond() * Objective.CLOSED_LOOP_TIE) {
                reasons.add("met the objective but answered " + number(r.run().requestsPerSecond()) + " req/s against "
                        + number(winner.run().requestsPerSecond()));
            } else {
                reasons.add("met the objective but cost " + number(r.cpuMicros()) + " µs of server CPU per request, "
                        + String.format(java.util.Locale.ROOT, "%.1fx", r.cpuMicros() / winner.cpuMicros())
                        + " the winner's " + number(winner.cpuMicros()));
            }
        }
        if (r.run().failure() == null) {
            reasons.add("diagnosis: " + r.run().diagnosis().label());
        }
        return r.setting().label() + " (rank " + r.rank() + "): " + String.join("; ", reasons) + ".";
    }

    private static String describe(Objective o, int connections) {
        return "P99 ≤ " + ms(o.p99Micros()) + (o.fixedRate() ? " at " + number(o.rate()) + " req/s" : " closed loop")
                + " on " + connections + " connections, errors < " + Math.round(100 * Objective.ERROR_SHARE) + "%";
    }

    private static String ms(double micros) {
        return Double.isNaN(micros) ? "unknown" : number(micros / 1000) + " ms";
    }
}
