package io.shardloop.transport.internal.tls;

import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.internal.buffer.TlsScratch;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.ConnectionHost;
import io.shardloop.transport.internal.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Over 400 lines: SSLEngine's wrap and unwrap loops (handshake, records split across reads, close_notify) are one
 * protocol, read best whole.
 * <p>
 * TLS between a {@link Connection} and its socket, through the JDK's {@link SSLEngine}: reads give the connection
 * plaintext, writes take plaintext, and the handshake, alerts and close_notify happen underneath. Ciphertext goes
 * through the serving thread's {@link TlsScratch}; the connection keeps bytes of its own only when a record is split
 * across reads, a write stops mid-record, or its buffer had no room for a whole record's plaintext. Since readiness is
 * level-triggered and such bytes are no longer in the kernel, {@link #hasBufferedInput()} tells the connection
 * to read again without waiting for an event.
 *
 * <p>The handshake's delegated tasks run on the loop ({@link TlsHandshake#LOOP}) or on {@code tasks}; while they
 * run elsewhere {@link #inputBlocked()} is true (the connection stops reading), and the connection's
 * {@code whenUnblocked} hook runs where the connection is served once they finish. A truncated stream (end of input
 * without close_notify) is an error; TLS 1.2 renegotiation is refused.
 * Thread contract: the owning loop's thread only (on shared-epoll the thread holding the connection's turn); the
 * delegated tasks run on a worker and touch only the engine.
 */
public final class TlsSocket implements StreamSocket {
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final StreamSocket raw;
    private final SSLEngine engine;
    private final TlsConfig tls;
    /** Runs the end of a handshake's tasks on the connection's loop; null when they run where it is served. */
    private final Executor handBack;
    private final Executor tasks;
    private final int packetSize;
    private final int applicationSize;
    /** The serving thread's: the loop's for life, on shared-epoll the turn holder's ({@link #servedBy}). */
    private TlsScratch scratch;
    private final ByteBuffer[] dsts = new ByteBuffer[2];
    private final ByteBuffer[] one = new ByteBuffer[1];
    /** Ciphertext read and not yet unwrapped (write mode), or null. */
    private ByteBuffer pendingIn;
    /** Ciphertext wrapped and not yet written (read mode), or null. */
    private ByteBuffer pendingOut;
    /** Plaintext the caller's buffer had no room for (read mode), or null. */
    private ByteBuffer pendingPlain;
    private Runnable whenUnblocked = () -> { };
    private boolean established;
    private boolean counted;
    private boolean taskRunning;
    private boolean inboundDone;
    private boolean rawEnded;
    private boolean reset;
    private boolean outboundClosed;
    private boolean closed;
    private long startNanos;
    private long startMillis;

    private TlsSocket(StreamSocket raw, ConnectionHost host, Executor handBack, TlsConfig tls, Executor tasks) {
        this.raw = raw;
        this.handBack = handBack;
        this.tls = tls;
        this.tasks = tls.handshake() == TlsHandshake.WORKERS ? tasks : null;
        this.engine = tls.newEngine();
        try {
            engine.beginHandshake(); // a server engine reports NOT_HANDSHAKING until it begins
        } catch (SSLException e) {
            throw new IllegalStateException("cannot begin a TLS handshake: " + e.getMessage(), e);
        }
        var session = engine.getSession();
        this.packetSize = session.getPacketBufferSize();
        this.applicationSize = session.getApplicationBufferSize();
        this.scratch = host.tlsScratch(packetSize, applicationSize);
    }

    /**
     * A server-side TLS socket over {@code raw}, owned by {@code loop}; {@code tasks} runs the handshake's heavy
     * work in {@code workers} mode (null: on the loop). Loop thread only.
     */
    public static TlsSocket server(StreamSocket raw, EventLoop loop, TlsConfig tls, Executor tasks) {
        loop.assertInLoop();
        return started(raw, tls, () -> new TlsSocket(raw, loop.host(), loop::execute, tls, tasks));
    }

    /**
     * A server-side TLS socket of a connection served turn by turn ({@code shared-epoll}), {@code host} first: its
     * handshake runs on whichever thread serves it, so nothing is handed back.
     */
    public static TlsSocket server(StreamSocket raw, ConnectionHost host, TlsConfig tls) {
        return started(raw, tls, () -> new TlsSocket(raw, host, null, tls, null));
    }

    /**
     * The socket, or null when its engine did not start (a provider's refusal, no memory): logged and counted as a
     * failed handshake; the caller then gives back the connection's slot and closes {@code raw}, in that order, so
     * that a client told of the close finds the slot free.
     */
    private static TlsSocket started(StreamSocket raw, TlsConfig tls, java.util.function.Supplier<TlsSocket> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the TLS engine did not start (" + e + "); closing " + raw);
            tls.counters().failed();
            return null;
        }
    }

    /** The thread holding the connection's turn serves it from now on: its scratch and native calls. */
    public void servedBy(ConnectionHost host) {
        scratch = host.tlsScratch(packetSize, applicationSize);
        host.adopt(raw);
    }

    @Override
    public Pollable pollable() {
        return raw.pollable();
    }

    @Override
    public void whenUnblocked(Runnable hook) {
        whenUnblocked = hook;
    }

    @Override
    public boolean handshaking() {
        return !established;
    }

    @Override
    public boolean inputBlocked() {
        return taskRunning;
    }

    @Override
    public boolean hasBufferedInput() {
        return !taskRunning && (pendingPlain != null || completeRecord(pendingIn));
    }

    @Override
    public boolean hasPendingOutput() {
        return pendingOut != null;
    }

    @Override
    public int pendingOutputBytes() {
        return pendingOut == null ? 0 : pendingOut.remaining();
    }

    /** The ALPN protocol chosen, or null/empty when none (after the handshake). */
    public String applicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        if (pendingPlain != null) {
            drainPlain(dst);
            if (pendingPlain != null) {
                return dst.position() - start;
            }
        }
        if (taskRunning || closed) {
            return dst.position() - start;
        }
        var src = pendingIn != null ? pendingIn : scratch.netIn.clear();
        if (!rawEnded && !inboundDone && src.hasRemaining()) {
            int n = raw.read(src);
            if (n < 0) {
                rawEnded = true;
            } else if (n > 0 && startNanos == 0) {
                startNanos = System.nanoTime();
                startMillis = System.currentTimeMillis();
            }
        }
        src.flip();
        try {
            unwrap(src, dst);
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            keepInput(src);
        }
        int produced = dst.position() - start;
        if (produced > 0) {
            return produced;
        }
        if (inboundDone) {
            return -1;
        }
        if (rawEnded && pendingPlain == null && !completeRecord(pendingIn)) {
            throw failed(new SSLException(established
                    ? "TLS stream truncated: the peer closed without close_notify"
                    : "the peer closed during the TLS handshake"));
        }
        return 0;
    }

    /** Unwraps records of {@code src} into {@code dst} (and the spill), serving the handshake as it goes. */
    private void unwrap(ByteBuffer src, ByteBuffer dst) throws IOException {
        var spill = scratch.plain.clear();
        dsts[0] = dst;
        dsts[1] = spill;
        try {
            while (!taskRunning) {
                var hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    if (established && "TLSv1.2".equals(engine.getSession().getProtocol())) {
                        throw new SSLException("TLS renegotiation refused");
                    }
                    runTasks();
                    continue;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    wrapHandshake();
                    continue;
                }
                checkEstablished(hs);
                if (!src.hasRemaining() || spill.position() > 0 || inboundDone) {
                    return;
                }
                var r = engine.unwrap(src, dsts);
                if (r.getStatus() == Status.CLOSED) {
                    inboundDone = true; // close_notify: TLS 1.2 answers with its own (NEED_WRAP), 1.3 at close
                } else if (r.getStatus() != Status.OK) {
                    return; // underflow: a partial record; overflow cannot happen with an empty spill
                } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                        && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                        && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                    return; // no progress and nothing to do but wait for bytes: never spin the loop
                }
            }
        } finally {
            dsts[0] = null;
            dsts[1] = null;
            if (spill.position() > 0) {
                spill.flip();
                pendingPlain = ByteBuffer.allocate(spill.remaining()).put(spill).flip();
            }
        }
    }

    private void checkEstablished(HandshakeStatus hs) {
        if (!established && (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED)) {
            established = true;
            counted = true;
            tls.completed(engine.getSession(), startMillis, System.nanoTime() - startNanos);
        }
    }

    /** The engine's delegated tasks: here, or on the executor with reads paused until the loop hears back. */
    private void runTasks() {
        var batch = new ArrayList<Runnable>(2);
        Runnable t;
        while ((t = engine.getDelegatedTask()) != null) {
            batch.add(t);
        }
        if (tasks != null) {
            taskRunning = true;
            try {
                tasks.execute(() -> {
                    try {
                        runAll(batch);
                    } finally {
                        handBack.execute(this::tasksDone);
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                taskRunning = false; // the pool is full or stopping: the loop does it
            }
        }
        runAll(batch);
    }

    private void runAll(ArrayList<Runnable> batch) {
        long t0 = System.nanoTime();
        for (var task : batch) {
            task.run();
        }
        tls.counters().taskTime(System.nanoTime() - t0);
    }

    private void tasksDone() {
        taskRunning = false;
        if (!closed) {
            whenUnblocked.run();
        }
    }

    /** Wraps what the handshake (or a close) has to send and sends it. */
    private void wrapHandshake() throws IOException {
        var out = scratch.netOut.clear();
        try {
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                if (out.remaining() < packetSize) {
                    send(out.flip());
                    out.clear();
                }
                var r = engine.wrap(NOTHING, out);
                if (r.bytesProduced() == 0 && (r.getStatus() != Status.OK || r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP)) {
                    break;
                }
                if (r.getStatus() == Status.CLOSED) {
                    outboundClosed = true;
                }
            }
        } finally {
            send(out.flip());
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        one[0] = src;
        try {
            return (int) write(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (!flushPending()) {
            return 0;
        }
        if (!established || outboundClosed) {
            throw new IOException(outboundClosed ? "TLS output is closed" : "a reply before the TLS handshake ended");
        }
        var out = scratch.netOut.clear();
        long consumed = 0;
        try {
            while (out.remaining() >= packetSize) {
                var r = engine.wrap(srcs, offset, length, out);
                if (r.getStatus() == Status.CLOSED) {
                    throw new IOException("TLS output is closed");
                }
                consumed += r.bytesConsumed();
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            throw failed(e);
        } finally {
            send(out.flip());
        }
        return consumed;
    }

    /** Writes {@code b} (read mode) after what is pending; what the socket does not take waits in pendingOut. */
    private void send(ByteBuffer b) throws IOException {
        if (!b.hasRemaining()) {
            return;
        }
        if (pendingOut == null) {
            raw.write(b);
            if (!b.hasRemaining()) {
                return;
            }
            pendingOut = ByteBuffer.allocate(Math.max(b.remaining(), packetSize)).put(b).flip();
            return;
        }
        if (pendingOut.capacity() - pendingOut.remaining() < b.remaining()) {
            var bigger = ByteBuffer.allocate(pendingOut.remaining() + b.remaining() + packetSize);
            pendingOut = bigger.put(pendingOut).put(b).flip();
        } else {
            pendingOut.compact().put(b).flip();
        }
    }

    @Override
    public boolean flushPending() throws IOException {
        if (pendingOut == null) {
            return true;
        }
        raw.write(pendingOut);
        if (pendingOut.hasRemaining()) {
            return false;
        }
        pendingOut = null;
        return true;
    }

    private void drainPlain(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), pendingPlain.remaining());
        dst.put(dst.position(), pendingPlain, pendingPlain.position(), n);
        dst.position(dst.position() + n);
        pendingPlain.position(pendingPlain.position() + n);
        if (!pendingPlain.hasRemaining()) {
            pendingPlain = null;
        }
    }

    /** What {@link #unwrap} left of {@code src} (read mode) becomes pendingIn (write mode), or nothing. */
    private void keepInput(ByteBuffer src) {
        if (src == pendingIn) {
            if (src.hasRemaining()) {
                src.compact();
            } else {
                pendingIn = null;
            }
        } else if (src.hasRemaining()) {
            pendingIn = ByteBuffer.allocate(packetSize).put(src);
        }
    }

    /** Whether {@code b} (write mode) holds a whole TLS record: 5 header bytes and the length they give. */
    private static boolean completeRecord(ByteBuffer b) {
        if (b == null || b.position() < 5) {
            return false;
        }
        int length = ((b.get(3) & 0xff) << 8) | (b.get(4) & 0xff);
        return b.position() >= 5 + length;
    }

    /** Counts a failed handshake, sends the engine's alert if it has one, and gives the connection its error. */
    private IOException failed(SSLException e) {
        countFailure();
        try {
            engine.closeOutbound();
            wrapHandshake();
        } catch (IOException | RuntimeException ignored) {
            // the alert is a courtesy; the connection closes anyway
        }
        outboundClosed = true;
        return e;
    }

    private void countFailure() {
        if (!counted && startNanos != 0) {
            counted = true;
            tls.counters().failed();
        }
    }

    /** close_notify, then FIN; reading stays open (the lingering close drains the peer). */
    @Override
    public void shutdownOutput() throws IOException {
        closeNotify();
        raw.shutdownOutput();
    }

    private void closeNotify() {
        if (outboundClosed || reset) {
            return;
        }
        outboundClosed = true;
        engine.closeOutbound();
        try {
            wrapHandshake();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the peer may be gone
        }
    }

    @Override
    public void resetOnClose() {
        reset = true;
        raw.resetOnClose();
    }

    /** close_notify unless a reset was asked for, then the socket's close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (established) {
            closeNotify();
        } else {
            countFailure();
        }
        closed = true;
        pendingIn = null;
        pendingOut = null;
        pendingPlain = null;
        raw.close();
    }

    @Override
    public String toString() {
        return "TlsSocket[" + raw + "]";
    }
}
