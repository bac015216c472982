package io.shardloop.load;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One load thread's event loop: its own {@link ClientIo} (epoll or a selector) and connections, driven until the
 * end of the run. No locks and no allocation per request in steady state: the request is pre-encoded once, one read
 * buffer serves every connection, responses are parsed in place, timings go to this loop's {@link Recorder}.
 * Everything here runs on the loop thread, which {@link #assertInLoop()} checks. With https the TLS records go
 * through each connection's {@code SSLEngine} here (handshake tasks run inline: their CPU is the client's own).
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
    /** https: the run's engines and session cache, and this loop's TLS buffers; all null for plain runs. */
    private final TlsClient tls;
    private final byte[] plainBytes;
    private final ByteBuffer cipherIn;
    private final ByteBuffer plainIn;
    private final ByteBuffer netOut;
    private final MemorySegment netOutMemory;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** Rate mode: the open, idle connections waiting for their next send, earliest first. */
    private final SendSchedule schedule;
    private ClientIo io;
    private Thread owner;
    private long nextSweep;

    /**
     * @param firstIndex global index of this loop's first connection (spreads rate-mode schedules over the run)
     */
    ClientLoop(LoadSpec spec, IoKind ioKind, InetSocketAddress address, byte[] request, int connectionCount,
               int firstIndex, long start, long end, Recorder recorder, TlsClient tls) {
        this.spec = spec;
        this.tls = tls;
        // one read of ciphertext (readBytes) can hold several records: the plaintext buffer takes them one by one
        this.plainBytes = tls == null ? null : new byte[READ_BUFFER];
        this.cipherIn = tls == null ? null : ByteBuffer.wrap(readBytes);
        this.plainIn = tls == null ? null : ByteBuffer.wrap(plainBytes);
        this.netOut = tls == null ? null : ByteBuffer.allocateDirect(READ_BUFFER);
        this.netOutMemory = tls == null ? null : MemorySegment.ofBuffer(netOut);
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
        this.schedule = new SendSchedule(mode == Mode.RATE ? connectionCount : 1);
        byte[] payload = spec.protocol() == Protocol.ECHO ? RequestBytes.echoPayload(spec.size()) : null;
        for (int i = 0; i < connectionCount; i++) {
            ResponseParser parser = switch (spec.protocol()) {
                case HTTP -> new HttpResponseParser(spec.method().equals("HEAD"));
                case ECHO -> spec.echoCodec() == EchoFraming.FRAME ? new FramedEchoParser(payload) : new StreamEchoParser(payload);
            };
            var c = new ClientConnection(firstIndex + i, parser, depth, block.duplicate(), tls != null);
            c.scheduleStart = start + (long) ((firstIndex + i) * 1e9 / Math.max(1e-9, spec.rate()));
            c.nextIntended = c.scheduleStart;
            connections[i] = c;
        }
    }

    @Override
    public void run() {
        owner = Thread.currentThread();
        long cpu0 = CpuClock.threadCpuNanos();
        long wall0 = System.nanoTime();
        TimerSlack.setForThisThread(TimerSlack.LOOP_NANOS);
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
            recorder.loopCpuNanos = CpuClock.threadCpuNanos() - cpu0;
            recorder.loopWallNanos = System.nanoTime() - wall0;
            recorder.publish();
        }
    }

    private void loop() throws IOException {
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                return;
            }
            long wakeAt = Math.min(nextSweep, end);
            if (mode == Mode.RATE) {
                sendDue(now);
                wakeAt = Math.min(wakeAt, schedule.nextDue());
            }
            // nanosecond waits (epoll_pwait2, or a park for a sub-millisecond rest): a due send is not polled for
            io.select(wakeAt - System.nanoTime(), readyHandler);
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
        if (writable && c.writing && c.generation == socket && c.state.connected()) {
            write(c);
        }
        if (readable && c.generation == socket && c.state.connected()) {
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
        if (tls != null) {
            c.state = ClientConnection.State.HANDSHAKING;
            c.tls.reset(tls.newEngine(), now);
            try {
                c.tls.engine.beginHandshake();
            } catch (SSLException e) {
                fail(c, ErrorKind.TLS, now);
                return;
            }
            handshake(c, now);
            return;
        }
        ready(c, now);
    }

    /** Connected (and past the TLS handshake): the mode's first request. */
    private void ready(ClientConnection c, long now) {
        c.state = ClientConnection.State.OPEN;
        switch (mode) {
            case KEEPALIVE -> send(c, 1, now);
            case PIPELINE -> send(c, depth, now);
            case SHORT -> send(c, 1, c.connectStarted); // a short request's latency includes its connect
            case RATE -> sendOrSchedule(c, now);
        }
    }

    /** Closes the socket, forgets what was outstanding, and opens a fresh connection at once. */
    private void recycle(ClientConnection c, long now) {
        if (c.tls != null && c.state == ClientConnection.State.OPEN) {
            closeNotify(c);
        }
        closeChannel(c);
        open(c, now);
    }

    /** Counts the failure once per outstanding request (at least once) and reconnects. */
    private void fail(ClientConnection c, ErrorKind kind, long now) {
        recorder.error(now, kind, Math.max(1, c.inFlight.size()));
        closeChannel(c);
        if (kind == ErrorKind.CONNECT || kind == ErrorKind.TLS) {
            c.state = ClientConnection.State.BACKOFF; // do not spin on a port that refuses
            c.retryAt = now + CONNECT_BACKOFF_NANOS;
        } else {
            open(c, now);
        }
    }

    private void closeChannel(ClientConnection c) {
        schedule.remove(c);
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
        recorder.sentScheduled(now, now - c.nextIntended);
        c.scheduled++;
        c.nextIntended = c.scheduleStart + (long) (c.scheduled * intervalNanos);
        recorder.sent(now, 1);
        write(c, 1);
    }

    /** Rate mode, an open connection with nothing in flight: sends now if due (or late), else waits its turn. */
    private void sendOrSchedule(ClientConnection c, long now) {
        if (now - c.nextIntended >= 0) {
            sendScheduled(c, now);
        } else {
            schedule.add(c);
        }
    }

    /** Rate mode: sends what is due, earliest first; only the due connections are touched. */
    private void sendDue(long now) {
        ClientConnection c;
        while ((c = schedule.pollDue(now)) != null) {
            sendScheduled(c, now);
        }
    }

    private void write(ClientConnection c, int count) {
        if (c.writing) {
            c.queued += count;
            return;
        }
        c.out.limit(count * requestLength).position(0);
        write(c);
    }

    private void write(ClientConnection c) {
        try {
            if (c.tls != null && !tlsFirst(c)) {
                return;
            }
            do {
                boolean all = c.tls == null ? writePlain(c) : writeRecords(c);
                if (!all) {
                    startWriting(c);
                    return;
                }
            } while (takeQueued(c));
            stopWriting(c);
        } catch (IOException e) {
            fail(c, ErrorKind.RESET, System.nanoTime());
        }
    }

    /** Writes from c's request block; true when all of it went. */
    private boolean writePlain(ClientConnection c) throws IOException {
        io.write(c, c.out, c.outSegment);
        return !c.out.hasRemaining();
    }

    /** Moves the requests decided while a write was in progress into c's block; false when there were none. */
    private boolean takeQueued(ClientConnection c) {
        if (c.queued == 0) {
            return false;
        }
        c.out.limit(c.queued * requestLength).position(0);
        c.queued = 0;
        return true;
    }

    private void startWriting(ClientConnection c) throws IOException {
        if (!c.writing) {
            c.writing = true;
            io.wantWrite(c, true);
        }
    }

    private void stopWriting(ClientConnection c) throws IOException {
        if (c.writing) {
            c.writing = false;
            io.wantWrite(c, false);
        }
    }

    // ---- TLS

    /**
     * https, before any request: what the socket did not take goes first, and during the handshake its next step.
     * False when nothing more is to be written now.
     */
    private boolean tlsFirst(ClientConnection c) throws IOException {
        var t = c.tls;
        if (t.hasPendingOut()) {
            io.write(c, t.pendingOut(), t.pendingOutSegment());
            if (t.hasPendingOut()) {
                startWriting(c);
                return false;
            }
        }
        if (c.state == ClientConnection.State.HANDSHAKING) {
            stopWriting(c);
            handshake(c, System.nanoTime());
            return false;
        }
        return true;
    }

    /** https: wraps c's request block into records and sends them; true when all went (else the rest is held). */
    private boolean writeRecords(ClientConnection c) throws IOException {
        while (c.out.hasRemaining()) {
            netOut.clear();
            if (c.tls.engine.wrap(c.out, netOut).getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("the engine closed while requests were being sent");
            }
            if (!sendRecords(c)) {
                return false;
            }
        }
        return true;
    }

    /** Sends what was just wrapped into netOut; false when the socket would not take all (the rest is held). */
    private boolean sendRecords(ClientConnection c) throws IOException {
        netOut.flip();
        io.write(c, netOut, netOutMemory);
        if (netOut.hasRemaining()) {
            c.tls.holdOut(netOut);
            startWriting(c);
            return false;
        }
        return true;
    }

    /**
     * Drives c's handshake (or a message after it, such as a key update) as far as it goes without new input:
     * delegated tasks run here, handshake records are sent. Returns false when c was dropped.
     */
    private boolean handshake(ClientConnection c, long now) {
        var t = c.tls;
        int socket = c.generation;
        try {
            while (true) {
                switch (t.engine.getHandshakeStatus()) {
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = t.engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                    }
                    case NEED_WRAP -> {
                        if (t.hasPendingOut()) {
                            return true; // the socket is full: the next step comes when it drains
                        }
                        netOut.clear();
                        if (t.engine.wrap(NOTHING, netOut).getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLException("the engine closed during the handshake");
                        }
                        if (!sendRecords(c)) {
                            return true;
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        return true;
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        if (c.state == ClientConnection.State.HANDSHAKING) {
                            recorder.handshake(now, now - t.handshakeStarted, !tls.takeFullHandshake(t.engine));
                            ready(c, now);
                        }
                        return c.generation == socket;
                    }
                }
            }
        } catch (IOException e) {
            fail(c, c.state == ClientConnection.State.HANDSHAKING ? ErrorKind.TLS : ErrorKind.RESET, now);
            return false;
        }
    }

    /**
     * https: decrypts the {@code n} bytes just read (after what was left of an unfinished record) and parses the
     * plaintext record by record; false when the connection was dropped or replaced.
     */
    private boolean unwrapAndParse(ClientConnection c, int n, long now) {
        var t = c.tls;
        cipherIn.clear().limit(n);
        ByteBuffer src = t.input(cipherIn);
        while (true) {
            plainIn.clear();
            SSLEngineResult r;
            try {
                r = t.engine.unwrap(src, plainIn);
            } catch (SSLException e) {
                fail(c, c.state == ClientConnection.State.HANDSHAKING ? ErrorKind.TLS : ErrorKind.GARBAGE, now);
                return false;
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    t.keep(src);
                    return true;
                }
                case BUFFER_OVERFLOW -> { // a record never holds more than plainBytes
                    fail(c, ErrorKind.GARBAGE, now);
                    return false;
                }
                case CLOSED -> {
                    t.closeNotifyReceived = true;
                    endOfStream(c, now);
                    return false;
                }
                case OK -> { }
            }
            if (r.bytesProduced() > 0 && !parse(c, plainBytes, r.bytesProduced(), now)) {
                return false;
            }
            if ((c.state == ClientConnection.State.HANDSHAKING
                    || t.engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING)
                    && !handshake(c, now)) {
                return false;
            }
            if (!src.hasRemaining()) {
                return true;
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && t.hasPendingOut()) {
                t.keep(src); // the engine waits for its held handshake records to leave: read on after that
                return true;
            }
        }
    }

    /** Best effort: a close_notify before a clean close (the socket is closed next, whatever happens). */
    private void closeNotify(ClientConnection c) {
        try {
            c.tls.engine.closeOutbound();
            netOut.clear();
            c.tls.engine.wrap(NOTHING, netOut);
            netOut.flip();
            io.write(c, netOut, netOutMemory);
        } catch (IOException e) {
            // closing anyway: a peer that cannot take the alert loses nothing
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
                if (c.state == ClientConnection.State.HANDSHAKING) {
                    fail(c, ErrorKind.TLS, now); // the server hung up on the handshake
                } else {
                    endOfStream(c, now);
                }
                return;
            }
            if (n == 0) {
                return;
            }
            recorder.read(now, n);
            boolean alive = c.tls == null ? parse(c, readBytes, n, now) : unwrapAndParse(c, n, now);
            if (!alive || n < READ_BUFFER) {
                return;
            }
        }
    }

    /** Parses {@code n} fresh bytes of {@code bytes}; returns false when the connection was dropped or replaced. */
    private boolean parse(ClientConnection c, byte[] bytes, int n, long now) {
        int i = 0;
        int answered = 0;
        while (i < n) {
            int r = c.parser.parse(bytes, i, n);
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
                case RATE -> sendOrSchedule(c, now);
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
        // over TLS, a body framed by the close is complete only after close_notify: a bare end is a truncation
        boolean clean = c.tls == null || c.tls.closeNotifyReceived;
        if (c.inFlight.size() > 0 && clean && c.parser.completeAtEof()) {
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
                case HANDSHAKING -> {
                    if (now - c.connectStarted > timeoutNanos) {
                        fail(c, ErrorKind.TLS, now);
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
