package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.io.SpareDescriptor;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on one listener, registered with one loop, and passes each to the model's
 * {@link Sink} (register here, or hand to a sub-loop). Over the connection limit it accepts then closes.
 * Out of descriptors it sheds with a {@link SpareDescriptor} and backs off briefly so it never spins; when the
 * kernel then will not watch the listener again, it retries with a growing back-off and logs once per episode.
 * Thread contract: constructed anywhere; {@link #open()} and everything else on its loop's thread (on shared-epoll:
 * a pool thread, one at a time).
 */
public final class Acceptor implements IoHandle {
    /** Takes an accepted socket (non-blocking, unregistered) and its connection-limit slot. */
    @FunctionalInterface
    public interface Sink {
        void accepted(StreamSocket socket);
    }

    private static final int MAX_ACCEPTS_PER_EVENT = 64;
    private static final long BACKOFF_MILLIS = 10;
    /** The longest wait between two tries to have the listener watched again. */
    private static final long MAX_RESUME_MILLIS = 1_000;
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final EventLoop loop;
    private final LoopHost host;
    private final ListenSocket listener;
    private final ConnectionLimit limit;
    private final Sink sink;
    private final SpareDescriptor spare = new SpareDescriptor();
    private final LoopCounters counters;
    private IoRegistration registration;
    private boolean closed;
    private int failedResumes; // in the current episode

    public Acceptor(EventLoop loop, ListenSocket listener, ConnectionLimit limit, Sink sink) {
        this(loop, loop.host(), listener, limit, sink);
    }

    /** An acceptor of a {@code SharedEpollPool}: any of its threads accepts (one at a time, see the pool). */
    public Acceptor(LoopHost host, ListenSocket listener, ConnectionLimit limit, Sink sink) {
        this(null, host, listener, limit, sink);
    }

    private Acceptor(EventLoop loop, LoopHost host, ListenSocket listener, ConnectionLimit limit, Sink sink) {
        this.loop = loop;
        this.host = host;
        this.listener = listener;
        this.limit = limit;
        this.sink = sink;
        this.counters = host.counters();
    }

    /** The loop it accepts on; null on shared-epoll, where the pool's threads take turns. */
    public EventLoop loop() {
        return loop;
    }

    public void open() throws IOException {
        host.assertIn();
        registration = host.register(listener, IoOps.ACCEPT, this);
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT && !closed; i++) {
            StreamSocket ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                if (SpareDescriptor.isOutOfDescriptors(e)) {
                    counters.inc(LoopCounters.ACCEPT_EMFILE);
                    spare.shed(listener);
                } else {
                    counters.inc(LoopCounters.ACCEPT_ERRORS);
                }
                backOff();
                return;
            }
            if (ch == null) {
                return;
            }
            if (!limit.tryAcquire()) {
                counters.inc(LoopCounters.OVER_LIMIT);
                limit.reject(ch);
                continue;
            }
            sink.accepted(ch);
        }
    }

    /** Stops listening for {@value #BACKOFF_MILLIS} ms so that a persistent accept failure cannot spin the loop. */
    private void backOff() {
        registration.interestOps(0);
        host.schedule(() -> resume(BACKOFF_MILLIS), BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Listens again. Where the kernel refuses to watch the listener (epoll_ctl ADD: ENOMEM, ENOSPC), the loop would
     * never accept again: it tries again after twice the last wait, up to {@value #MAX_RESUME_MILLIS} ms, logging
     * the first refusal of an episode and its end.
     */
    private void resume(long waited) {
        if (closed) {
            return;
        }
        if (registration.interestOps(IoOps.ACCEPT)) {
            if (failedResumes > 0) {
                LOG.log(System.Logger.Level.INFO, "listener %s watched again after %d refusals".formatted(listener, failedResumes));
                failedResumes = 0;
            }
            return;
        }
        if (failedResumes++ == 0) {
            LOG.log(System.Logger.Level.WARNING, "the kernel would not watch listener %s again; it accepts nothing until a retry succeeds"
                    .formatted(listener));
        }
        long next = Math.min(2 * waited, MAX_RESUME_MILLIS);
        host.schedule(() -> resume(next), next, TimeUnit.MILLISECONDS);
    }

    /** Stops accepting and frees the port. Loop thread only; idempotent. */
    public void close() {
        host.assertIn();
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        listener.close();
        spare.close();
        host.unregistered(this);
    }

    @Override
    public void forceClose() {
        close();
    }

}
