package io.shardloop.exec;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Blocked-loop watchdog (Seastar's stall detector, Vert.x's blocked-thread checker): one thread,
 * {@code shardloop-watchdog}, polls every watched {@link BusyProbe}. When a loop has been busy longer than
 * {@code loopThreshold} (default 100 ms) or a worker longer than {@code workerThreshold} (default 1 s), it logs
 * one warning with the thread's stack, counts it, and tells the listeners. Exactly one warning per stall
 * episode: an episode is one value of busy-since, so it is reported once however long it lasts.
 *
 * <p>Thread contract: {@link #watch}, {@link #onStall}, counters and {@link #close} from any thread (a
 * registration may be closed from any thread); the polling runs on the watchdog thread only.
 */
public final class StallWatchdog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.shardloop.watchdog");

    /** Typed settings; {@link #defaults()}: 100 ms for loops, 1 s for workers, a 10 ms poll. */
    public record Config(Duration loopThreshold, Duration workerThreshold, Duration pollInterval) {
        public Config {
            if (loopThreshold.isNegative() || loopThreshold.isZero() || workerThreshold.isNegative()
                    || workerThreshold.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("watchdog durations must be positive");
            }
        }

        public static Config defaults() {
            return new Config(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(10));
        }
    }

    private final Config config;
    /** Each source gives the probes to look at now (an elastic pool's workers come and go). */
    private final List<Supplier<? extends Collection<? extends BusyProbe>>> sources = new CopyOnWriteArrayList<>();
    private final List<Consumer<StallReport>> listeners = new CopyOnWriteArrayList<>();
    /** Watchdog thread only: the busy-since value already reported per probe, pruned to the probes still watched. */
    private Map<BusyProbe, Long> reported = new HashMap<>();
    private final AtomicLong loopStalls = new AtomicLong();
    private final AtomicLong workerStalls = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    public StallWatchdog(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.thread = Thread.ofPlatform().name("shardloop-watchdog").daemon(true).start(this::run);
    }

    public StallWatchdog() {
        this(Config.defaults());
    }

    public Config config() {
        return config;
    }

    /** Watches one thread (an event loop) until the returned registration is closed. */
    public AutoCloseable watch(BusyProbe probe) {
        Objects.requireNonNull(probe, "probe");
        return watchAll(() -> List.of(probe));
    }

    /** Watches an executor's workers, re-reading {@link WorkerExecutor#busyProbes()} at every poll. */
    public AutoCloseable watch(WorkerExecutor executor) {
        return watchAll(executor::busyProbes);
    }

    /** Watches whatever {@code probes} returns at each poll, until the returned registration is closed. */
    public AutoCloseable watchAll(Supplier<? extends Collection<? extends BusyProbe>> probes) {
        Objects.requireNonNull(probes, "probes");
        sources.add(probes);
        return () -> sources.remove(probes);
    }

    /** Called on the watchdog thread for each stall, after the warning is logged. */
    public void onStall(Consumer<StallReport> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stall episodes seen on loops since start. */
    public long loopStalls() {
        return loopStalls.get();
    }

    /** Stall episodes seen on workers since start. */
    public long workerStalls() {
        return workerStalls.get();
    }

    private void run() {
        long loopNanos = config.loopThreshold().toNanos();
        long workerNanos = config.workerThreshold().toNanos();
        long pollNanos = config.pollInterval().toNanos();
        while (!closed) {
            LockSupport.parkNanos(this, pollNanos);
            var stillReported = new HashMap<BusyProbe, Long>();
            for (var source : sources) {
                try {
                    for (var probe : source.get()) {
                        check(probe, loopNanos, workerNanos, stillReported);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "stall watchdog: a probe source failed", e); // keep watching the rest
                }
            }
            reported = stillReported;
        }
    }

    /** Watchdog thread only. */
    private void check(BusyProbe probe, long loopNanos, long workerNanos, Map<BusyProbe, Long> stillReported) {
        long since = probe.busySinceNanos();
        if (since == 0) {
            return;
        }
        if (Long.valueOf(since).equals(reported.get(probe))) {
            stillReported.put(probe, since); // same episode, already reported
            return;
        }
        long busy = System.nanoTime() - since;
        long limit = probe.kind() == BusyProbe.Kind.LOOP ? loopNanos : workerNanos;
        if (busy < limit) {
            return;
        }
        var t = probe.thread();
        var stack = t == null ? new StackTraceElement[0] : t.getStackTrace();
        if (probe.busySinceNanos() != since) {
            return; // it returned while we looked: the stack would belong to another episode
        }
        stillReported.put(probe, since);
        report(StallReport.of(probe, since, busy, stack));
    }

    private void report(StallReport stall) {
        (stall.kind() == BusyProbe.Kind.LOOP ? loopStalls : workerStalls).incrementAndGet();
        for (var listener : listeners) {
            try {
                listener.accept(stall);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stall listener threw", e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, stall.message()); // last: the first log call may be slow to set up
    }

    /** Stops the watchdog thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
