package io.shardloop.lab.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a link's counters every {@code periodMillis} on a thread of its own while the load runs, so that what the link
 * carried can be told for the measured window (its last {@code duration}) rather than since the load generator's JVM
 * started. Started and read by one thread; samples are taken on the sampler's.
 */
public final class LinkSampler implements AutoCloseable {

    private final Link link;
    private final List<LinkCounters> samples = new ArrayList<>(); // guarded by itself
    private final Thread thread;

    /** Starts sampling; with a link that counts nothing the sampler stays empty. */
    public LinkSampler(Link link, long periodMillis) {
        this.link = link;
        thread = Thread.ofPlatform().daemon().name("lab-link-sampler").start(() -> {
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

    /**
     * Stops and describes the last {@code duration} of the samples (from the one nearest to its start to a final one
     * taken now), or null when the link counts nothing.
     */
    public String stop(Duration duration) throws InterruptedException {
        close();
        thread.join();
        sample();
        synchronized (samples) {
            if (samples.size() < 2) {
                return null;
            }
            var last = samples.getLast();
            long from = last.nanoTime() - duration.toNanos();
            var first = samples.getFirst();
            for (var s : samples) {
                if (Math.abs(s.nanoTime() - from) < Math.abs(first.nanoTime() - from)) {
                    first = s;
                }
            }
            return first == last ? null : last.since(first).line(link.rate());
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
