package io.shardloop.lab.diagnosis;

import java.util.List;
import java.util.Optional;

/**
 * The diagnosis rules, in the order they are tried (the first primary finding is the verdict), ordered by what
 * bounds throughput: a failing or shared run first, then the client, then the server's shape (one dispatcher,
 * starved loops, thread churn), then the path, then plain saturation, and waiting last. The kernel's share of the
 * server's CPU is a remark, not a verdict: on loopback most server CPU is the kernel's socket work whatever limits
 * the run. Each rule names the seed observation it encodes. Stateless; any thread.
 */
public final class Rules {

    private Rules() {
    }

    /** The rules with the given limits, in priority order. */
    public static List<Rule> all(Thresholds t) {
        return List.of(failing(t), contended(t), clientBound(t), dispatcherBound(t), starvedLoops(t), threadChurn(t),
                pathBound(t), saturated(t), idleBoth(t), beatsCeiling(t), kernelShare(t), imbalancedLoops(t));
    }

    /** Too many errors: the figures describe a failing server, not a fast one. */
    public static Rule failing(Thresholds t) {
        return f -> {
            long total = f.requests() + f.errors();
            if (f.errors() > 0 && (total == 0 || (double) f.errors() / total >= t.errorRate())) {
                return found("failing", "%d errors of %d attempts".formatted(f.errors(), total), true);
            }
            return Optional.empty();
        };
    }

    /**
     * A shared machine: other processes took a good part of the CPUs given to the server or the load generator, or
     * the hypervisor gave a good part of the machine to other guests (steal), so the run measured the neighbours as
     * much as the model (pinning cannot keep others off those CPUs).
     */
    public static Rule contended(Thresholds t) {
        return f -> {
            boolean server = f.otherServerCpuPercent() >= 100 * t.neighbours() * f.serverCores();
            boolean client = f.otherClientCpuPercent() >= 100 * t.neighbours() * f.clientCores();
            boolean steal = f.stealPercent() >= 100 * t.steal();
            if (!server && !client && !steal) {
                return Optional.empty();
            }
            var why = new StringBuilder();
            if (server || client) {
                why.append("other processes used ");
                if (server) why.append("%.0f%% of the server's %d CPU(s)".formatted(f.otherServerCpuPercent(), f.serverCores()));
                if (server && client) why.append(", ");
                if (client) why.append("%.0f%% of the client's %d CPU(s)".formatted(f.otherClientCpuPercent(), f.clientCores()));
            }
            if (steal) {
                why.append(why.isEmpty() ? "" : "; ").append(
                        "the hypervisor stole %.0f%% of the machine's CPU time".formatted(f.stealPercent()));
            }
            return found("contended", why.toString(), true);
        };
    }

    /** Seed 001: the load generator saturates its cores while the server has headroom. */
    public static Rule clientBound(Thresholds t) {
        return f -> {
            if (f.clientLoad() >= t.busy() && !(f.serverLoad() >= t.busy())) {
                return found("client-bound", "load generator %.0f%% of %d core(s), %s"
                        .formatted(f.clientCpuPercent(), f.clientCores(), f.serverUse()), true);
            }
            return Optional.empty();
        };
    }

    /** Seed 000: the main (accept + hand-off) loop near 100% of a core while the sub-loops idle in select. */
    public static Rule dispatcherBound(Thresholds t) {
        return f -> {
            if (f.dispatcherLoad() >= t.busy() && f.loopSelectShare() >= t.idleSelect()) {
                var main = f.emulated()
                        ? "main loop %.0f%% of its emulated core (%.1f%% CPU)".formatted(100 * f.dispatcherLoad(), f.dispatcherCpuPercent())
                        : "main loop %.0f%% CPU".formatted(f.dispatcherCpuPercent());
                return found("dispatcher-bound", "%s, IO loops %.0f%% in select".formatted(main, 100 * f.loopSelectShare()), true);
            }
            return Optional.empty();
        };
    }

    /**
     * A remark, not a verdict: most of the server's CPU is system time (socket work on loopback, connection set-up
     * on short connections, thread creation in seed 002). It says where the CPU went, not what bounds the run.
     */
    public static Rule kernelShare(Thresholds t) {
        return f -> {
            double cpu = f.serverUserPercent() + f.serverSystemPercent();
            if (cpu > 5 && f.serverSystemPercent() / cpu >= t.kernelShare()) {
                return found("kernel share", "sys %.0f%% of server CPU".formatted(100 * f.serverSystemPercent() / cpu), false);
            }
            return Optional.empty();
        };
    }

    /** Seed 002: threads created per task or connection; creation and exit serialise in the kernel and libc. */
    public static Rule threadChurn(Thresholds t) {
        return f -> {
            if (f.threadsCreatedPerSecond() >= t.churnPerSecond()) {
                return found("thread churn", "%.0f threads created/s".formatted(f.threadsCreatedPerSecond()), true);
            }
            return Optional.empty();
        };
    }

    /** Seed 000 at 6-8 threads: loops block and wake often, idle in select, while the server has CPU to spare. */
    public static Rule starvedLoops(Thresholds t) {
        return f -> {
            if (f.loops() >= 2 && f.loopVoluntaryPerSecond() >= t.switchesPerLoop()
                    && f.loopSelectShare() >= t.idleSelect() && f.serverLoad() < t.headroom()) {
                return found("starved loops", "%.0f voluntary switches/s per loop, %.0f%% in select, %s"
                        .formatted(f.loopVoluntaryPerSecond(), 100 * f.loopSelectShare(), f.serverUse()), true);
            }
            return Optional.empty();
        };
    }

    /**
     * Seed 001: throughput at the calibrated packet-rate ceiling of the path. Not above it: a run clearly faster than
     * the cheapest loop on the same path says the calibration is wrong ({@link #beatsCeiling}), not what bounds the run.
     */
    public static Rule pathBound(Thresholds t) {
        return f -> {
            double share = f.ceilingRequestsPerSecond() > 0 ? f.requestsPerSecond() / f.ceilingRequestsPerSecond() : 0;
            if (share >= t.nearCeiling() && share <= t.aboveCeiling()) {
                return found("path-bound", "%.0f%% of the path's ceiling of %.0f/s"
                        .formatted(100 * f.requestsPerSecond() / f.ceilingRequestsPerSecond(), f.ceilingRequestsPerSecond()), true);
            }
            return Optional.empty();
        };
    }

    /** A run faster than its calibration: the ceiling measured something slower than the path (a remark). */
    public static Rule beatsCeiling(Thresholds t) {
        return f -> {
            if (f.ceilingRequestsPerSecond() > 0 && f.requestsPerSecond() > t.aboveCeiling() * f.ceilingRequestsPerSecond()) {
                return found("beats its calibration", "%.0f%% of the path's ceiling of %.0f/s: the calibration is wrong, not the run"
                        .formatted(100 * f.requestsPerSecond() / f.ceilingRequestsPerSecond(), f.ceilingRequestsPerSecond()), false);
            }
            return Optional.empty();
        };
    }

    /** The healthy case: the server uses all the CPU it was given. */
    public static Rule saturated(Thresholds t) {
        return f -> {
            if (f.serverLoad() >= t.busy()) {
                return found("saturated", f.serverUse(), true);
            }
            return Optional.empty();
        };
    }

    /** Seastar's warning about SO_REUSEPORT: the kernel's hash can spread connections unevenly across loops. */
    public static Rule imbalancedLoops(Thresholds t) {
        return f -> {
            if (f.loops() >= 2 && f.loopImbalance() > t.imbalance()) {
                return found("imbalanced loops", "busiest/idlest loop %.1fx".formatted(f.loopImbalance()), false);
            }
            return Optional.empty();
        };
    }

    /** Neither side saturated: each waits for the other (round trips, too few connections, or a slow handler). */
    public static Rule idleBoth(Thresholds t) {
        return f -> {
            if (f.serverLoad() < t.headroom() && !(f.clientLoad() >= t.busy())) {
                return found("latency-bound", "%s, client %.0f%% of %d: both wait on round trips"
                        .formatted(f.serverUse(), f.clientCpuPercent(), f.clientCores()), true);
            }
            return Optional.empty();
        };
    }

    private static Optional<Finding> found(String label, String evidence, boolean primary) {
        return Optional.of(new Finding(label, evidence, primary));
    }
}
