package io.shardloop.lab.diagnosis;

/**
 * The figures of one measured run that the diagnosis reads. Percentages of CPU are of one core (pidstat's
 * convention: 200 = two cores busy). A figure that the run could not measure is {@code NaN}.
 *
 * @param requestsPerSecond        achieved throughput
 * @param requests                 requests completed in the window
 * @param errors                   failed requests or connections in the window
 * @param serverCores              CPUs the server may run on (its taskset, or the machine)
 * @param serverCpuPercent         server process user + system
 * @param serverUserPercent        server process user time
 * @param serverSystemPercent      server process system time
 * @param clientCores              CPUs the load generator may run on
 * @param clientCpuPercent         load generator process user + system
 * @param dispatcherCpuPercent     the busiest accepting/dispatching thread (shardloop-main or -accept), NaN if none
 * @param loopSelectShare          mean share of wall time the IO loops spent blocked in select, 0..1
 * @param loopVoluntaryPerSecond   mean voluntary context switches per second per IO loop thread
 * @param loops                    IO loops (sub-loops or shared-nothing loops; not the main loop)
 * @param loopImbalance            max/min of messages handled per IO loop (connections if no messages), NaN if &lt; 2 loops
 * @param threadsCreatedPerSecond  threads the server created per second (executor and connection counters, or /proc)
 * @param ceilingRequestsPerSecond the path's calibrated ceiling for this workload, NaN if not calibrated
 * @param otherServerCpuPercent    CPU time other processes took on the server's CPUs (noisy neighbours)
 * @param otherClientCpuPercent    CPU time other processes took on the load generator's CPUs
 * @param stealPercent             share of the machine's CPU time the hypervisor gave to other guests, 0..100
 *                                 (/proc/stat counts it as busy, so it is part of the two figures above too)
 */
public record RunFigures(
        double requestsPerSecond,
        long requests,
        long errors,
        int serverCores,
        double serverCpuPercent,
        double serverUserPercent,
        double serverSystemPercent,
        int clientCores,
        double clientCpuPercent,
        double dispatcherCpuPercent,
        double loopSelectShare,
        double loopVoluntaryPerSecond,
        int loops,
        double loopImbalance,
        double threadsCreatedPerSecond,
        double ceilingRequestsPerSecond,
        double otherServerCpuPercent,
        double otherClientCpuPercent,
        double stealPercent) {

    /** Server CPU as a share of the cores it may use, 0..1. */
    public double serverLoad() {
        return serverCores <= 0 ? Double.NaN : serverCpuPercent / (100.0 * serverCores);
    }

    /** Load-generator CPU as a share of the cores it may use, 0..1. */
    public double clientLoad() {
        return clientCores <= 0 ? Double.NaN : clientCpuPercent / (100.0 * clientCores);
    }

    /** A blank set of figures to build synthetic cases from (tests, and runs that measured nothing). */
    public static RunFigures unknown() {
        double n = Double.NaN;
        return new RunFigures(n, 0, 0, 1, n, n, n, 1, n, n, n, n, 0, n, n, n, n, n, n);
    }
}
