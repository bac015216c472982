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
 * @param emulatedCores            with {@code --emulate-cores}: one per server IO thread, each with a budget of
 *                                 {@code coreShare} of a CPU; 0 on real cores (CPU figures stay real either way)
 * @param coreShare                one emulated core's share of a CPU, 0..1; NaN on real cores
 * @param coresCpuPercent          the emulated cores' threads' CPU, % of one CPU (not the JVM's other threads,
 *                                 which have a budget of their own); NaN on real cores
 * @param handshakesPerSecond      TLS handshakes the server completed per second (its /stats), NaN for plaintext
 * @param handshakeMillis          the server's mean wall time per handshake, first byte to its end: the engine's
 *                                 work plus every wait for the loop or a worker, so a queue of handshakes on a
 *                                 busy loop shows here and not in {@code handshakeTaskMicros}
 * @param handshakeTaskMicros      the mean time of a handshake's CPU-heavy tasks (signature, key agreement)
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
        double stealPercent,
        int emulatedCores,
        double coreShare,
        double coresCpuPercent,
        double handshakesPerSecond,
        double handshakeMillis,
        double handshakeTaskMicros) {

    /** Whether the server ran on emulated cores (a CPU budget per IO thread). */
    public boolean emulated() {
        return emulatedCores > 0 && coreShare > 0;
    }

    /** Server CPU as a share of what it may use (its cores, or its emulated cores' budgets), 0..1. */
    public double serverLoad() {
        if (emulated()) {
            return coresCpuPercent / (100.0 * emulatedCores * coreShare);
        }
        return serverCores <= 0 ? Double.NaN : serverCpuPercent / (100.0 * serverCores);
    }

    /** The dispatcher thread's CPU as a share of its core (its budget when emulated), 0..1. */
    public double dispatcherLoad() {
        return dispatcherCpuPercent / (100.0 * (emulated() ? coreShare : 1));
    }

    /** The server's CPU against what it may use, e.g. {@code server 95% of 1 core(s)}, for a rule's evidence. */
    public String serverUse() {
        if (emulated()) {
            return "server's %d emulated cores %.0f%% busy (%.0f%% CPU at %.0f%% each)"
                    .formatted(emulatedCores, 100 * serverLoad(), coresCpuPercent, 100 * coreShare);
        }
        return "server %.0f%% of %d core(s)".formatted(serverCpuPercent, serverCores);
    }

    /** Load-generator CPU as a share of the cores it may use, 0..1. */
    public double clientLoad() {
        return clientCores <= 0 ? Double.NaN : clientCpuPercent / (100.0 * clientCores);
    }

    /** A blank set of figures (runs that measured nothing): every figure NaN, one core each side. */
    public static RunFigures unknown() {
        return builder().build();
    }

    /** A builder that starts from {@link #unknown()}: each caller names only the figures it has. */
    public static Builder builder() {
        return new Builder();
    }

    /** One named setter per figure (see the record), so that two figures cannot trade places unseen. One thread. */
    public static final class Builder {
        private static final double NAN = Double.NaN;
        private double requestsPerSecond = NAN;
        private long requests;
        private long errors;
        private int serverCores = 1;
        private double serverCpuPercent = NAN;
        private double serverUserPercent = NAN;
        private double serverSystemPercent = NAN;
        private int clientCores = 1;
        private double clientCpuPercent = NAN;
        private double dispatcherCpuPercent = NAN;
        private double loopSelectShare = NAN;
        private double loopVoluntaryPerSecond = NAN;
        private int loops;
        private double loopImbalance = NAN;
        private double threadsCreatedPerSecond = NAN;
        private double ceilingRequestsPerSecond = NAN;
        private double otherServerCpuPercent = NAN;
        private double otherClientCpuPercent = NAN;
        private double stealPercent = NAN;
        private int emulatedCores;
        private double coreShare = NAN;
        private double coresCpuPercent = NAN;
        private double handshakesPerSecond = NAN;
        private double handshakeMillis = NAN;
        private double handshakeTaskMicros = NAN;

        private Builder() {
        }

        public Builder requestsPerSecond(double v) {
            this.requestsPerSecond = v;
            return this;
        }

        public Builder requests(long v) {
            this.requests = v;
            return this;
        }

        public Builder errors(long v) {
            this.errors = v;
            return this;
        }

        public Builder serverCores(int v) {
            this.serverCores = v;
            return this;
        }

        public Builder serverCpuPercent(double v) {
            this.serverCpuPercent = v;
            return this;
        }

        public Builder serverUserPercent(double v) {
            this.serverUserPercent = v;
            return this;
        }

        public Builder serverSystemPercent(double v) {
            this.serverSystemPercent = v;
            return this;
        }

        public Builder clientCores(int v) {
            this.clientCores = v;
            return this;
        }

        public Builder clientCpuPercent(double v) {
            this.clientCpuPercent = v;
            return this;
        }

        public Builder dispatcherCpuPercent(double v) {
            this.dispatcherCpuPercent = v;
            return this;
        }

        public Builder loopSelectShare(double v) {
            this.loopSelectShare = v;
            return this;
        }

        public Builder loopVoluntaryPerSecond(double v) {
            this.loopVoluntaryPerSecond = v;
            return this;
        }

        public Builder loops(int v) {
            this.loops = v;
            return this;
        }

        public Builder loopImbalance(double v) {
            this.loopImbalance = v;
            return this;
        }

        public Builder threadsCreatedPerSecond(double v) {
            this.threadsCreatedPerSecond = v;
            return this;
        }

        public Builder ceilingRequestsPerSecond(double v) {
            this.ceilingRequestsPerSecond = v;
            return this;
        }

        public Builder otherServerCpuPercent(double v) {
            this.otherServerCpuPercent = v;
            return this;
        }

        public Builder otherClientCpuPercent(double v) {
            this.otherClientCpuPercent = v;
            return this;
        }

        public Builder stealPercent(double v) {
            this.stealPercent = v;
            return this;
        }

        /** The server ran on {@code cores} emulated cores of {@code share} of a CPU each, which used {@code cpuPercent}. */
        public Builder emulatedCores(int cores, double share, double cpuPercent) {
            this.emulatedCores = cores;
            this.coreShare = share;
            this.coresCpuPercent = cpuPercent;
            return this;
        }

        /** The server's TLS handshakes per second, mean wall ms and mean task µs per handshake (see the record). */
        public Builder handshakes(double perSecond, double meanMillis, double taskMicros) {
            this.handshakesPerSecond = perSecond;
            this.handshakeMillis = meanMillis;
            this.handshakeTaskMicros = taskMicros;
            return this;
        }

        public RunFigures build() {
            return new RunFigures(requestsPerSecond, requests, errors, serverCores, serverCpuPercent, serverUserPercent,
                    serverSystemPercent, clientCores, clientCpuPercent, dispatcherCpuPercent, loopSelectShare,
                    loopVoluntaryPerSecond, loops, loopImbalance, threadsCreatedPerSecond, ceilingRequestsPerSecond,
                    otherServerCpuPercent, otherClientCpuPercent, stealPercent, emulatedCores, coreShare, coresCpuPercent,
                    handshakesPerSecond, handshakeMillis, handshakeTaskMicros);
        }
    }
}
