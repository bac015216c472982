package io.shardloop.lab.run;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.ServerStats;
import io.shardloop.stats.SystemCpuSample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server (per thread, and its admin /stats) and the load generator (process only) every
 * {@code periodMillis} on its own thread while a run goes on. Afterwards {@link #window} finds the measured
 * window: it ends where the server stopped doing work and lasts the load generator's measured duration, so
 * neither JVM start-up nor teardown is counted. Start, {@link #client}, {@link #stop} from the runner thread.
 */
public final class Watcher implements AutoCloseable {

    /** One sample; {@code client}, {@code stats} and {@code machine} are null when there was none to read. */
    public record Tick(long nanoTime, ProcessSample server, ProcessSample client, ServerStats stats,
                       SystemCpuSample machine) {

        public Tick(long nanoTime, ProcessSample server, ProcessSample client, ServerStats stats) {
            this(nanoTime, server, client, stats, null);
        }
    }

    private final long serverPid;
    private final AdminClient admin;
    private final long periodMillis;
    private final List<Tick> ticks = new ArrayList<>(); // guarded by this
    private volatile long clientPid = -1;
    private volatile boolean running = true;
    private final Thread thread;

    public Watcher(long serverPid, AdminClient admin, long periodMillis) {
        this.serverPid = serverPid;
        this.admin = admin;
        this.periodMillis = periodMillis;
        this.thread = Thread.ofPlatform().name("lab-watcher").daemon().start(this::run);
    }

    /** From now on, also samples the load generator's process. */
    public void client(long pid) {
        clientPid = pid;
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            try {
                var machine = ProcSampler.system();
                var server = ProcSampler.sample(serverPid, true);
                ProcessSample client = null;
                long cpid = clientPid;
                if (cpid > 0) {
                    try {
                        client = ProcSampler.sample(cpid, false);
                    } catch (RuntimeException gone) {
                        // the load generator has exited
                    }
                }
                var stats = admin == null ? null : admin.stats().orElse(null);
                synchronized (this) {
                    ticks.add(new Tick(server.nanoTime(), server, client, stats, machine));
                }
            } catch (RuntimeException serverGone) {
                return;
            }
            next += TimeUnit.MILLISECONDS.toNanos(periodMillis);
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Stops sampling, takes a last sample, and returns every sample. */
    public List<Tick> stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        synchronized (this) {
            return List.copyOf(ticks);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The first and last tick of the measured window, or null when the samples do not cover one. */
    public record Window(Tick first, Tick last) {
        public long nanos() {
            return last.nanoTime() - first.nanoTime();
        }
    }

    /**
     * The measured window: it ends at the first sample after the server's last busy interval (messages grew, or
     * without /stats its CPU ticks grew by 2 or more while the load generator was still running) and starts
     * {@code measuredNanos} earlier.
     */
    public static Window window(List<Tick> ticks, long measuredNanos) {
        int end = -1;
        boolean clientSeen = ticks.stream().anyMatch(t -> t.client() != null);
        for (int i = ticks.size() - 1; i >= 1; i--) {
            if (busy(ticks.get(i - 1), ticks.get(i), clientSeen)) {
                end = i;
                break;
            }
        }
        if (end < 1) {
            return null;
        }
        long startAt = ticks.get(end).nanoTime() - measuredNanos;
        int start = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < end; i++) {
            long d = Math.abs(ticks.get(i).nanoTime() - startAt);
            if (d < best) {
                best = d;
                start = i;
            }
        }
        return new Window(ticks.get(start), ticks.get(end));
    }

    private static boolean busy(Tick a, Tick b, boolean clientSeen) {
        if (a.stats() != null && b.stats() != null) {
            // more than a handful: the admin requests of this watcher itself must not count as load
            return messages(b.stats()) - messages(a.stats()) > 3;
        }
        // without /stats, CPU marks the load; but once the load generator has exited, CPU is JIT, GC or teardown
        if (clientSeen && a.client() == null) {
            return false;
        }
        long cpu = (b.server().userTicks() + b.server().systemTicks()) - (a.server().userTicks() + a.server().systemTicks());
        return cpu >= 2;
    }

    /** Messages the server's data path has handled: the sum over its non-admin loops, or the server's total. */
    public static long messages(ServerStats s) {
        long loops = s.loops() == null ? 0
                : s.loops().stream().filter(l -> !"admin".equals(l.role())).mapToLong(l -> l.messages()).sum();
        return Math.max(s.messages(), loops);
    }
}
