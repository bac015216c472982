package io.shardloop.lab.run;


/**
 * What a load generator reported for its measured window.
 *
 * @param clientCpuPercent  the generator's own CPU figure over the window if it reports one (% of one core), else NaN
 */
public record LoadOutcome(double seconds, long requests, long errors, double requestsPerSecond, Latency latencyMicros,
                          double clientCpuPercent) {
}
