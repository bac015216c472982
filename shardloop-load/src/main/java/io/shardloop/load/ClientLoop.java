package io.shardloop.load;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One load thread's event loop: its own {@link ClientIo} (epoll or a selector) and connections, driven until the
 * end of the run. No locks and no allocation per request in steady state: the request is pre-encoded once, one read
 * buffer serves every connection, responses are parsed in place, timings go to this loop's {@link Recorder}.
 * Everything here runs on the loop thread, which {@link #assertInLoop()} checks.
 */
final class ClientLoop implements Runnable {

    private static final long CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int READ_BUFFER = 64 * 1024;

    private final LoadSpec spec;
    private final InetSocketAddress address;
    private final Recorder recorder;
    private final ClientConnection[] connections;
    private final byte[] readBytes = new byte[READ_BUFFER];
    private final int requestLength;
    private final int depth;
    private final Mode mode;
    private final long start;
    private final long end;
    private final long timeoutNanos;
    private final long sweepNanos;
    private final double intervalNanos;
    /** Bound once: a method reference made per select would allocate on every wake-up. */
    private final ClientIo.ReadyHandler readyHandler = this::onReady;
    private final IoKind ioKind;
    /** A mix of requests instead of the one request (one in flight per connection), or null. */
    private final EncodedMix mix;
    private ClientIo io;
    private Thread owner;
    private long nextSweep;

    /**
     * @param firstIndex global index of this loop's first connection (spreads rate-mode schedules over the run)
     * @param mix        a request mix whose block is {@code request}, or null to send {@code request} itself
     */
    ClientLoop(LoadSpec spec, IoKind ioKind, InetSocketAddress address, byte[] request, EncodedMix mix,
               int connectionCount, int firstIndex, long start, long end, Recorder recorder) {
        this.spec = spec;
        this.mix = mix;
        this.address = address;
        this.ioKind = ioKind;
        this.recorder = recorder;
        this.mode = spec.mode();
        this.depth = spec.pipeline();
        this.start = start;
        this.end = end;
        this.timeoutNanos = spec.timeout().toNanos();
        this.sweepNanos = Math.max(100_000L, Math.min(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 4));
        this.requestLength = request.length;
        ByteBuffer block = ByteBuffer.allocateDirect(request.length * depth);
        for (int i = 0; i < depth; i++) {
            block.put(request);
        }
        block.flip();
        // Rate mode: every connection sends at rate/connections; connection g starts g/rate seconds in, so the
        // sends of all connections together are evenly spaced.
        this.intervalNanos = mode == Mode.RATE ? 1e9 * spec.connections() / spec.rate() : 0;
        this.connections = new ClientConnection[connectionCount];
        byte[] payload = spec.protocol() == Protocol.ECHO ? RequestBytes.echoPayload(spec.size()) : null;
        for (int i = 0; i < connectionCount; i++) {
            ResponseParser parser = switch (spec.protocol()) {
                case HTTP -> new HttpResponseParser(spec.method().equals("HEAD"));
                case ECHO -> spec.echoCodec() == EchoFraming.FRAME ? new FramedEchoParser(payload) : new StreamEchoParser(payload);
            };
            var c = new ClientConnection(firstIndex + i, parser, depth, block.duplicate());
            c.scheduleStart = start + (long) ((firstIndex + i) * 1e9 / Math.max(1e-9, spec.rate()));
            c.nextIntended = c.scheduleStart;
            if (mix != null) {
                mix.start(c, firstIndex + i);
            }
            connections[i] = c;
        }
    }

    @Override
    public void run() {
        owner = Thread.currentThread();
        // made on this thread: the epoll implementation's native memory belongs to it
        try (ClientIo opened = ioKind == IoKind.EPOLL ? new EpollClientIo(address, connections)
                : new NioClientIo(address)) {
            io = opened;
            try {
                long now = System.nanoTime();
                for (var c : connections) {
                    open(c, now);
                }
                nextSweep = now + sweepNanos;
                loop();
            } finally {
                for (var c : connections) {
                    closeChannel(c);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("load loop failed", e);
        } finally {
            recorder.publish();
        }
    }

    private void loop() throws IOException {
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                return;
            }
            // Sweeps and the end may come up to a millisecond late (rounded up: never a busy wait); a due send
            // may not, so within a millisecond of one the loop polls (Selector.select counts whole milliseconds).
            long housekeeping = Math.min(nextSweep, end) - now;
            long waitMillis = Math.max(1, (housekeeping + 999_999L) / 1_000_000L);
            if (mode == Mode.RATE) {
                long due = sendDue(now);
                if (due != Long.MAX_VALUE) {
                    waitMillis = Math.min(waitMillis, (due - now) / 1_000_000L);
                }
            }
            io.select(Math.max(0, waitMillis), readyHandler);
            now = System.nanoTime();
            if (now - nextSweep >= 0) {
                sweep(now);
                nextSweep = now + sweepNanos;
            }
            recorder.publish();
        }
    }

    void assertInLoop() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("load loop state touched from " + Thread.currentThread().getName()
                    + ", owner is " + (owner == null ? "none" : owner.getName()));
        }
    }

    private void onReady(ClientConnection c, boolean connectable, boolean writable, boolean readable) {
        assertInLoop();
        int socket = c.generation;
        if (connectable) {
            finishConnect(c);
        }
        if (writable && c.writing && c.generation == socket && c.state == ClientConnection.State.OPEN) {
            write(c);
        }
        if (readable && c.generation == socket && c.state == ClientConnection.State.OPEN) {
            read(c);
        }
    }

    // ---- connections

    private void open(ClientConnection c, long now) {
        c.connectStarted = now;
        c.state = ClientConnection.State.CONNECTING;
        recorder.connectionsOpened++;
        try {
            if (io.connect(c)) {
                connected(c, now);
            }
        } catch (IOException e) {
            fail(c, ErrorKind.CONNECT, now);
        }
    }

    private void finishConnect(ClientConnection c) {
        long now = System.nanoTime();
        try {
            if (io.finishConnect(c)) {
                connected(c, now);
            }
        } catch (IOException e) {
            fail(c, ErrorKind.CONNECT, now);
        }
    }

    private void connected(ClientConnection c, long now) {
        c.state = ClientConnection.State.OPEN;
        switch (mode) {
            case KEEPALIVE -> send(c, 1, now);
            case PIPELINE -> send(c, depth, now);
            case SHORT -> send(c, 1, c.connectStarted); // a short request's latency includes its connect
            case RATE -> {
                if (now - c.nextIntended >= 0) {
                    sendScheduled(c, now);
                }
            }
        }
    }

    /** Closes the socket, forgets what was outstanding, and opens a fresh connection at once. */
    private void recycle(ClientConnection c, long now) {
        closeChannel(c);
        open(c, now);
    }

    /** Counts the failure once per outstanding request (at least once) and reconnects. */
    private void fail(ClientConnection c, ErrorKind kind, long now) {
        recorder.error(now, kind, Math.max(1, c.inFlight.size()));
        closeChannel(c);
        if (kind == ErrorKind.CONNECT) {
            c.state = ClientConnection.State.BACKOFF; // do not spin on a port that refuses
            c.retryAt = now + CONNECT_BACKOFF_NANOS;
        } else {
            open(c, now);
        }
    }

    private void closeChannel(ClientConnection c) {
        io.close(c);
        c.generation++;
        c.state = ClientConnection.State.IDLE;
        c.inFlight.clear();
        c.parser.reset();
        c.writing = false;
        c.queued = 0;
    }

    // ---- requests

    /** Closed loop: {@code count} requests sent now, timed from {@code sentAt}. */
    private void send(ClientConnection c, int count, long sentAt) {
        for (int i = 0; i < count; i++) {
            c.inFlight.push(sentAt, sentAt);
        }
        recorder.sent(sentAt, count);
        write(c, count);
    }

    /** Rate mode: the next request of this connection's schedule, timed from when it was meant to go. */
    private void sendScheduled(ClientConnection c, long now) {
        c.inFlight.push(now, c.nextIntended);
        c.scheduled++;
        c.nextIntended = c.scheduleStart + (long) (c.scheduled * intervalNanos);
        recorder.sent(now, 1);
        write(c, 1);
    }

    /** Rate mode: sends what is due; returns the earliest time a connection waits for. */
    private long sendDue(long now) {
        long next = Long.MAX_VALUE;
        for (var c : connections) {
            if (c.state != ClientConnection.State.OPEN || c.inFlight.size() > 0) {
                continue;
            }
            if (now - c.nextIntended >= 0) {
                sendScheduled(c, now);
            } else if (c.nextIntended < next) {
                next = c.nextIntended;
            }
        }
        return next;
    }

    private void write(ClientConnection c, int count) {
        if (c.writing) {
            c.queued += count;
            return;
        }
        if (mix != null) {
            mix.next(c); // one in flight per connection with a mix: count is 1
        } else {
            c.out.limit(count * requestLength).position(0);
        }
        write(c);
    }

    private void write(ClientConnection c) {
        try {
            while (true) {
                io.write(c);
                if (c.out.hasRemaining()) {
                    if (!c.writing) {
                        c.writing = true;
                        io.wantWrite(c, true);
                    }
                    return;
                }
                if (c.queued == 0) {
                    break;
                }
                c.out.limit(c.queued * requestLength).position(0);
                c.queued = 0;
            }
            if (c.writing) {
                c.writing = false;
                io.wantWrite(c, false);
            }
        } catch (IOException e) {
            fail(c, ErrorKind.RESET, System.nanoTime());
        }
    }

    // ---- responses

    private void read(ClientConnection c) {
        // until a short read: with edge-triggered readiness what is left unread is not reported again
        while (true) {
            int n;
            try {
                n = io.read(c, readBytes);
            } catch (IOException e) {
                fail(c, ErrorKind.RESET, System.nanoTime());
                return;
            }
            long now = System.nanoTime();
            if (n < 0) {
                endOfStream(c, now);
                return;
            }
            if (n == 0) {
                return;
            }
            recorder.read(now, n);
            if (!parse(c, n, now) || n < READ_BUFFER) {
                return;
            }
        }
    }

    /** Parses {@code n} fresh bytes; returns false when the connection was dropped or replaced. */
    private boolean parse(ClientConnection c, int n, long now) {
        int i = 0;
        int answered = 0;
        while (i < n) {
            int r = c.parser.parse(readBytes, i, n);
            if (r == ResponseParser.INCOMPLETE) {
                break;
            }
            if (r == ResponseParser.GARBAGE || c.inFlight.size() == 0) {
                fail(c, ErrorKind.GARBAGE, now); // also: an answer nobody asked for
                return false;
            }
            answer(c, now, c.parser.status());
            answered++;
            i = r;
            if (c.parser.closeAfter() || mode == Mode.SHORT) {
                recycle(c, now);
                return false;
            }
        }
        if (answered > 0) {
            switch (mode) {
                case KEEPALIVE, PIPELINE -> send(c, answered, now);
                case RATE -> {
                    if (now - c.nextIntended >= 0) {
                        sendScheduled(c, now);
                    }
                }
                case SHORT -> { }
            }
        }
        return true;
    }

    private void answer(ClientConnection c, long now, int status) {
        long sent = c.inFlight.oldestSent();
        long intended = c.inFlight.oldestIntended();
        c.inFlight.pop();
        if (spec.expectStatus().matches(status)) {
            recorder.success(now, now - intended, now - sent);
        } else {
            recorder.error(now, ErrorKind.STATUS, 1);
        }
    }

    private void endOfStream(ClientConnection c, long now) {
        if (c.inFlight.size() > 0 && c.parser.completeAtEof()) {
            answer(c, now, c.parser.status());
        }
        if (c.inFlight.size() > 0) {
            fail(c, ErrorKind.RESET, now);
        } else {
            recycle(c, now); // closed between requests: not an error
        }
    }

    // ---- timeouts and retries

    private void sweep(long now) {
        for (var c : connections) {
            switch (c.state) {
                case CONNECTING -> {
                    if (now - c.connectStarted > timeoutNanos) {
                        fail(c, ErrorKind.CONNECT, now);
                    }
                }
                case OPEN -> {
                    if (c.inFlight.size() > 0 && now - c.inFlight.oldestSent() > timeoutNanos) {
                        fail(c, ErrorKind.TIMEOUT, now);
                    }
                }
                case BACKOFF -> {
                    if (now - c.retryAt >= 0) {
                        open(c, now);
                    }
                }
                case IDLE -> open(c, now);
            }
        }
    }
}
