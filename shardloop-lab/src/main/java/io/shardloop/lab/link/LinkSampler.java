package io.shardloop.lab.link;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a link's counters every {@code periodMillis} on a thread of its own while the load runs, so that what the link
 * carried can be told for the measured window rather than since the load generator's JVM started. Each sample runs
 * tc twice (a few ms of CPU), so the period is longer than the /proc sampler's. Started and read by one thread; samples are taken on the sampler's.
 */
public final class LinkSampler implements AutoCloseable {

    private final Link link;
    private final List<LinkCounters> samples = new ArrayList<>(); // guarded by itself
    private final Thread thread;

    /** Starts sampling; with a link that counts nothing (loopback, no cap) there is no thread and no sample. */
    public LinkSampler(Link link, long periodMillis) {
        this.link = link;
        thread = link.rate() == null ? null : Thread.ofPlatform().daemon().name("lab-link-sampler").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    Thread.sleep(periodMillis);
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    private void sample() {
        var c = link.counters();
        if (c != null) {
            synchronized (samples) {
                samples.add(c);
            }
        }
    }

    /** Stops sampling, with a last sample taken now. */
    public void stop() throws InterruptedException {
        if (thread != null) {
            close();
            thread.join();
            sample();
        }
    }

    /**
     * What the link carried between the samples nearest to {@code fromNanos} and {@code toNanos} ({@link System#nanoTime}
     * of the measured window's ends), as one line; null when the link counts nothing or no two samples differ.
     */
    public String line(long fromNanos, long toNanos) {
        synchronized (samples) {
            if (samples.size() < 2) {
                return null;
            }
            var first = nearest(fromNanos);
            var last = nearest(toNanos);
            return first.nanoTime() >= last.nanoTime() ? null : last.since(first).line(link.rate());
        }
    }

    private LinkCounters nearest(long nanos) {
        var best = samples.getFirst();
        for (var s : samples) {
            if (Math.abs(s.nanoTime() - nanos) < Math.abs(best.nanoTime() - nanos)) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
