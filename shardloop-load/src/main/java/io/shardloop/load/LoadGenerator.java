package io.shardloop.load;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link LoadSpec}: starts one {@link ClientLoop} per thread (named {@code shardloop-load-N}), samples the
 * process CPU over the measured window, waits for the loops to end and merges what they recorded. The calling
 * thread coordinates and blocks for warm-up plus duration; it may be any thread.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Runs the spec; prints a progress line to stderr each second when the spec asks for it. */
    public static LoadResult run(LoadSpec spec) {
        return run(spec, spec.progress() ? System.err : null);
    }

    /** Runs the spec; prints a progress line each second to {@code progress} unless it is null. */
    public static LoadResult run(LoadSpec spec, PrintStream progress) {
        InetSocketAddress address = resolve(spec.target());
        IoKind io = spec.io().resolve(address.getAddress() instanceof java.net.Inet4Address);
        byte[] request = RequestBytes.encode(spec);
        int threads = spec.threads();
        long start = System.nanoTime();
        long measureStart = start + spec.warmup().toNanos();
        long end = measureStart + spec.duration().toNanos();

        var recorders = new ArrayList<Recorder>(threads);
        var workers = new ArrayList<Thread>(threads);
        var failure = new AtomicReference<Throwable>();
        // one context for all load threads: a session one thread made can be resumed by another's connection
        TlsClient tls = spec.tls() == null ? null : new TlsClient(spec.tls(), spec.target().host(), spec.target().port());
        int first = 0;
        for (int t = 0; t < threads; t++) {
            int count = spec.connections() / threads + (t < spec.connections() % threads ? 1 : 0);
            var recorder = new Recorder(measureStart, end, spec.mode() == Mode.RATE, tls != null);
            var loop = new ClientLoop(spec, io, address, request, count, first, start, end, recorder, tls);
            first += count;
            recorders.add(recorder);
            Thread thread = Thread.ofPlatform().name("shardloop-load-" + t).unstarted(loop);
            thread.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
            workers.add(thread);
        }
        workers.forEach(Thread::start);

        var ticker = new Progress(progress, recorders, start, measureStart, end);
        ticker.waitUntil(measureStart);
        CpuClock.Sample cpu0 = CpuClock.read();
        long t0 = System.nanoTime();
        ticker.waitUntil(end);
        CpuClock.Sample cpu1 = CpuClock.read();
        long t1 = System.nanoTime();
        ticker.finish();
        for (Thread w : workers) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the load threads", e);
            }
            if (w.isAlive()) {
                throw new IllegalStateException(w.getName() + " did not stop within 30 s of the end of the run");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a load thread failed: " + failure.get(), failure.get());
        }
        return merge(spec, io, recorders, (end - measureStart) / 1e9, cpu0, cpu1, (t1 - t0) / 1e9);
    }

    private static InetSocketAddress resolve(Target target) {
        try {
            return new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (UnknownHostException e) {
            throw new LoadSpecException("URL", "accepts a resolvable host, got '" + target.host() + "'");
        }
    }

    private static LoadResult merge(LoadSpec spec, IoKind io, List<Recorder> recorders, double seconds,
                                    CpuClock.Sample cpu0, CpuClock.Sample cpu1, double cpuWall) {
        var latency = new Histogram(Recorder.MAX_MICROS, 3);
        Histogram uncorrected = spec.mode() == Mode.RATE ? new Histogram(Recorder.MAX_MICROS, 3) : null;
        long[] errors = new long[ErrorKind.ALL.length];
        int slots = recorders.getFirst().timelineRequests.length;
        long[] perSecond = new long[slots];
        long[] errorsPerSecond = new long[slots];
        long requests = 0;
        long sent = 0;
        long bytes = 0;
        long opened = 0;
        Histogram sendLag = spec.mode() == Mode.RATE ? new Histogram(Recorder.MAX_MICROS, 3) : null;
        double loopCpuShare = 0;
        Histogram handshake = spec.tls() != null ? new Histogram(Recorder.MAX_MICROS, 3) : null;
        long handshakes = 0;
        long resumed = 0;
        for (var r : recorders) {
            if (handshake != null) {
                handshake.add(r.handshake);
                handshakes += r.handshakes;
                resumed += r.resumed;
            }
            if (sendLag != null) {
                sendLag.add(r.sendLag);
            }
            loopCpuShare = r.loopCpuNanos < 0 || loopCpuShare < 0 ? -1
                    : loopCpuShare + (double) r.loopCpuNanos / Math.max(1, r.loopWallNanos);
            latency.add(r.latency);
            if (uncorrected != null) {
                uncorrected.add(r.uncorrected);
            }
            for (int k = 0; k < errors.length; k++) {
                errors[k] += r.errors[k];
            }
            for (int s = 0; s < slots; s++) {
                perSecond[s] += r.timelineRequests[s];
                errorsPerSecond[s] += r.timelineErrors[s];
            }
            requests += r.requests;
            sent += r.sent;
            bytes += r.bytesRead;
            opened += r.connectionsOpened;
        }
        var timeline = new ArrayList<LoadResult.Second>(slots);
        for (int s = 0; s < slots; s++) {
            timeline.add(new LoadResult.Second(s, perSecond[s], errorsPerSecond[s]));
        }
        double user = cpu1.userSecondsSince(cpu0);
        double system = cpu1.systemSecondsSince(cpu0);
        var cpu = new LoadResult.Cpu(round(user, 2), round(system, 2),
                requests == 0 ? 0 : round((user + system) * 1e6 / requests, 3),
                cpuWall <= 0 ? 0 : round((user + system) / cpuWall, 3));
        double achieved = sent / seconds;
        var warnings = new ArrayList<String>();
        if (spec.mode() == Mode.RATE && achieved < 0.9 * spec.rate()) {
            warnings.add(String.format(Locale.ROOT, "achieved rate %.1f req/s is %.0f%% below the target %.1f req/s:"
                    + " the server (or the generator) could not keep up", achieved, 100 * (1 - achieved / spec.rate()),
                    spec.rate()));
        }
        if (requests == 0) {
            warnings.add("no request succeeded");
        }
        if (!cpu0.available()) {
            warnings.add("/proc/self/stat is not readable: generator CPU use is not measured");
        } else if (cpu.utilisation() > 0.9 * spec.threads() && spec.mode() != Mode.RATE) {
            warnings.add(String.format(Locale.ROOT, "the generator used %.0f%% CPU with %d thread(s): the run may be"
                    + " bound by the client, not the server", 100 * cpu.utilisation(), spec.threads()));
        }
        long errorTotal = 0;
        for (long e : errors) {
            errorTotal += e;
        }
        var tlsResult = handshake == null ? null : new LoadResult.Tls(spec.tls().resume(), handshakes, resumed,
                errors[ErrorKind.TLS.ordinal()], round(handshakes / seconds, 1), LoadResult.Latency.of(handshake));
        return new LoadResult(spec.target().url(), spec.protocol().cliName(), spec.mode().jsonName(),
                spec.connections(), spec.threads(), io.cliName(), round(seconds, 3), requests, bytes, round(requests / seconds, 1),
                round(bytes / seconds, 1), LoadResult.Latency.of(latency),
                uncorrected == null ? null : LoadResult.Latency.of(uncorrected), LoadResult.Errors.of(errors), timeline,
                cpu, spec.mode() == Mode.RATE ? spec.rate() : null, round(achieved, 1), latency, uncorrected, opened,
                List.copyOf(warnings), sendLag, loopCpuShare < 0 ? -1 : round(loopCpuShare, 4),
                tlsResult, handshake);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Sleeps the coordinating thread, printing one progress line a second when asked to. Caller's thread only. */
    private static final class Progress {
        private final PrintStream out;
        private final List<Recorder> recorders;
        private final long start;
        private final long measureStart;
        private final long end;
        private long lastCount;
        private long lastTick;
        private boolean printed;

        Progress(PrintStream out, List<Recorder> recorders, long start, long measureStart, long end) {
            this.out = out;
            this.recorders = recorders;
            this.start = start;
            this.measureStart = measureStart;
            this.end = end;
            this.lastTick = start;
        }

        void waitUntil(long deadline) {
            while (true) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    return;
                }
                long nextTick = lastTick + 1_000_000_000L;
                long wake = out == null ? deadline : Math.min(deadline, nextTick);
                sleepNanos(wake - now);
                if (out != null && System.nanoTime() - nextTick >= 0) {
                    tick(System.nanoTime());
                }
            }
        }

        private void tick(long now) {
            long count = 0;
            for (var r : recorders) {
                count += r.progress();
            }
            double rate = (count - lastCount) / ((now - lastTick) / 1e9);
            lastCount = count;
            lastTick = now;
            String phase = now - measureStart < 0 ? "warm-up" : "measure";
            out.printf(Locale.ROOT, "\r%s %4.0fs/%.0fs  %,12.0f answers/s  %,d answers   ", phase,
                    (now - start) / 1e9, (end - start) / 1e9, rate, count);
            out.flush();
            printed = true;
        }

        void finish() {
            if (printed) {
                out.println();
            }
        }

        private static void sleepNanos(long nanos) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the load run", e);
            }
        }
    }
}
