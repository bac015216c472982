package io.shardloop.lab.diagnosis;

/**
 * The limits the rules compare against, with the defaults the lab uses. Chosen for noisy shared machines: a
 * thread at 85% of a core is treated as "near 100%", since /proc counts in 10 ms ticks.
 *
 * @param busy              share of a core (or of the cores) counted as saturated (default 0.85)
 * @param headroom          server load below which the server is said to have headroom (default 0.70)
 * @param idleSelect        select share above which loops are said to idle (default 0.30)
 * @param switchesPerLoop   voluntary switches/s per loop counted as "high" (default 1,000)
 * @param kernelShare       system share of server CPU remarked as the kernel share (default 0.65: sys about 2x user)
 * @param churnPerSecond    threads created per second counted as churn (default 50)
 * @param imbalance         max/min per-loop work counted as imbalanced (default 1.5)
 * @param errorRate         errors/requests counted as failing (default 0.01)
 * @param nearCeiling       share of the path's ceiling counted as path-bound (default 0.80)
 * @param aboveCeiling      share of the ceiling above which a run beats its calibration (default 1.05: noise between
 *                          two sittings); such a run is not called path-bound
 * @param neighbours        CPU share per core taken by other processes counted as contended (default 0.25)
 * @param steal             share of the machine's CPU time stolen by the hypervisor counted as contended
 *                          (default 0.05)
 */
public record Thresholds(
        double busy,
        double headroom,
        double idleSelect,
        double switchesPerLoop,
        double kernelShare,
        double churnPerSecond,
        double imbalance,
        double errorRate,
        double nearCeiling,
        double aboveCeiling,
        double neighbours,
        double steal) {

    /** The limits without {@code aboveCeiling}, which takes its default. */
    public Thresholds(double busy, double headroom, double idleSelect, double switchesPerLoop, double kernelShare,
                      double churnPerSecond, double imbalance, double errorRate, double nearCeiling, double neighbours,
                      double steal) {
        this(busy, headroom, idleSelect, switchesPerLoop, kernelShare, churnPerSecond, imbalance, errorRate, nearCeiling,
                1.05, neighbours, steal);
    }

    public static final Thresholds DEFAULTS =
            new Thresholds(0.85, 0.70, 0.30, 1_000, 0.65, 50, 1.5, 0.01, 0.80, 1.05, 0.25, 0.05);
}
