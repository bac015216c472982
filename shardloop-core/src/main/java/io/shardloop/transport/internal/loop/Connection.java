package io.shardloop.transport.internal.loop;

import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.buffer.HeapSink;
import io.shardloop.transport.internal.buffer.InboundBuffer;
import io.shardloop.transport.internal.buffer.OutboundBuffer;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.io.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Over 400 lines: the per-read path (read, decode, dispatch, reply order, flush, watermarks) shares nearly every
 * field and reads best in one place; the lifecycle is a {@link ConnectionState}, the end {@link Closing}.
 * <p>
 * One TCP connection, owned by one loop for life (on {@code shared-epoll}, by its turn): reads, decodes, hands
 * messages to the model's dispatcher, writes replies in message order, applies the watermarks and closes (orderly,
 * half-close, lingering, reset, abort). What it keeps between reads is an {@link InboundBuffer}, the order of its
 * replies a {@link ReplyOrder}, its timeouts {@link Deadlines}; the socket is a {@link StreamSocket} of whichever
 * {@link Transport} runs.
 * Thread contract: every method by the thread its {@link ConnectionOwner} lets serve it ({@link #assertServing()}):
 * the owning loop's, or on {@code shared-epoll} the one holding the connection's turn; except {@link #id()},
 * {@link #codec()}, {@link #execute} and {@link #executeLater}.
 */
public final class Connection<I, O> implements IoHandle, DecodeSink<I> {
    private static final AtomicLong IDS = new AtomicLong();
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");

    private final long id = IDS.incrementAndGet();
    // package-private where Closing, the end of the connection, needs it
    final ConnectionOwner owner;
    final StreamSocket socket;
    private final Codec<I, O> codec;
    private final MessageDispatcher<I, O> dispatcher;
    private final TransportConfig config;
    final ConnectionLimit limit;
    /** The serving thread's: the loop's for life, or on shared-epoll the turn holder's (see {@link #servedBy}). */
    ConnectionHost host;
    LoopCounters counters;
    final OutboundBuffer out;
    final InboundBuffer in;
    private final ReplyOrder replies = new ReplyOrder();
    final Deadlines deadlines;
    IoRegistration registration;
    private int interest;
    ConnectionState state = ConnectionState.OPEN;
    /*
     * Three flags beside the state, each orthogonal to it: a backpressure pause may begin while open and last into
     * any finishing state (it is counted until the close); the other two say where the call stack is (inside the
     * codec's decode) and whether the connection waits in its host's end-of-batch flush list.
     */
    boolean readPaused;
    private boolean inDecode;
    private boolean flushQueued;
    ScheduledTask timer;
    /** Bytes read and dropped while lingering. */
    long lingerDropped;

    public Connection(EventLoop loop, StreamSocket socket, Codec<I, O> codec, MessageDispatcher<I, O> dispatcher,
                      TransportConfig config, ConnectionLimit limit) {
        this(loop.owner(), loop.host(), socket, codec, dispatcher, config, limit);
    }

    /** A connection served under {@code owner} (shared-epoll: its turn); {@code first} serves it first. */
    public Connection(ConnectionOwner owner, ConnectionHost first, StreamSocket socket, Codec<I, O> codec,
                      MessageDispatcher<I, O> dispatcher, TransportConfig config, ConnectionLimit limit) {
        this.owner = owner;
        this.host = first;
        this.socket = socket;
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.config = config;
        this.limit = limit;
        this.counters = host.counters();
        host.adopt(socket);
        this.out = new OutboundBuffer(host.buffers());
        this.in = new InboundBuffer(host.buffers(), config.maxReadBufferSize());
        this.deadlines = new Deadlines(config, System.nanoTime());
    }

    public long id() {
        return id;
    }

    /** Throws unless the caller may touch this connection now: its loop's thread, or the turn's holder. */
    void assertServing() {
        owner.assertServing();
    }

    /**
     * Runs {@code task} where this connection is served: now if the caller serves it, else later on its loop, or on
     * shared-epoll by the next holder of its turn. Any thread.
     */
    public void execute(Runnable task) {
        owner.runServing(task);
    }

    /** Runs {@code task} where this connection is served, later, even when the caller serves it. Any thread. */
    public void executeLater(Runnable task) {
        owner.runLater(task);
    }

    /**
     * The thread holding the turn serves from now on: its buffers, counters and native scratch. Buffers taken from
     * an earlier holder's pool go back to whichever pool serves when they are released. Turn holder only.
     */
    public void servedBy(ConnectionHost h) {
        if (h != host) {
            host = h;
            counters = h.counters();
            in.pool(h.buffers());
            out.pool(h.buffers());
            h.adopt(socket);
        }
    }

    /**
     * The registration failed (epoll_ctl's ENOSPC or ENOMEM, a selector's refusal): the connection ends here, closed
     * and counted, and is never served; its state says so to whoever holds it next (shared-epoll's turn re-arms
     * nothing for it).
     */
    private void failedToOpen(Exception e) {
        LOG.log(System.Logger.Level.WARNING, "cannot register " + socket + ": " + e.getMessage() + "; closing it");
        state = ConnectionState.CLOSED;
        counters.inc(LoopCounters.REGISTRATION_FAILURES);
        if (registration != null) {
            registration.cancel();
            host.unregistered(owner.eventTarget(this));
        }
        socket.close();
        limit.release();
    }

    /** The driver could not add it to the kernel's set or change it there (and logged why): closed, counted. */
    @Override
    public void registrationFailed() {
        counters.inc(LoopCounters.REGISTRATION_FAILURES);
        close(true);
    }

    /** Shared-epoll, before the turn is given up: the batched flush, then arm the registration again. */
    public void endTurn() {
        if (flushQueued) {
            flushFromLoop();
        }
        if (state != ConnectionState.CLOSED && !registration.rearm()) {
            registrationFailed();
        }
    }

    public Codec<I, O> codec() {
        return codec;
    }

    /** Registers for reading on the owning loop; on failure closes the socket and releases the slot. */
    public void open() {
        assertServing();
        try {
            interest = IoOps.READ;
            registration = host.register(socket.pollable(), interest, owner.eventTarget(this));
            socket.whenUnblocked(this::layerUnblocked);
        } catch (IOException | RuntimeException e) {
            failedToOpen(e);
            return;
        }
        host.connectionOpened();
        long now = System.nanoTime();
        deadlines.activity(now);
        deadlines.partialMessage(socket.handshaking()); // the header timeout covers a TLS handshake
        long period = deadlines.period();
        if (period > 0) {
            timer = host.newTimer(owner.timerTask(this));
            host.arm(timer, period);
        }
        var hint = socket.readsOnOpen() ? host.readOnOpen() : null;
        if (hint != null && hint.shouldTry()) {
            counters.inc(LoopCounters.READS_ON_OPEN);
            boolean found = readOnce() != 0; // the request may be here already: serve it without its event
            hint.result(found);
            if (found) {
                counters.inc(LoopCounters.READS_ON_OPEN_FOUND);
            }
        }
    }

    public boolean isReadingPaused() {
        return readPaused;
    }

    public boolean isClosed() {
        return state == ConnectionState.CLOSED;
    }

    @Override
    public void onReady(int readyOps) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if ((readyOps & IoOps.WRITE) != 0) {
            flush();
            if (state != ConnectionState.CLOSED) {
                checkWatermarks(); // drained below the low watermark: read again (reading is paused, so only here)
            }
        }
        var s = state;
        if (s != ConnectionState.CLOSED && s != ConnectionState.HALF_CLOSED && (readyOps & IoOps.READ) != 0) {
            read();
        }
    }

    /** Reads until the socket holds nothing more above the kernel (a TLS layer's records: no event would come). */
    private void read() {
        do {
            readOnce();
        } while (state != ConnectionState.CLOSED && (interest & IoOps.READ) != 0 && socket.hasBufferedInput());
    }

    /** One read and what it leads to; returns what the read returned (bytes, 0 for nothing, -1 at the end). */
    private int readOnce() {
        if (state == ConnectionState.LINGERING) {
            Closing.drop(this);
            return 0;
        }
        var shared = host.sharedReadBuffer();
        var buf = in.readTarget(shared);
        int n;
        try {
            n = socket.read(buf);
        } catch (IOException e) {
            counters.inc(LoopCounters.RESETS);
            close(true);
            return -1;
        }
        if (n < 0) {
            onInputShutdown();
            return n;
        }
        if (n == 0) {
            afterEmptyRead();
            return 0;
        }
        counters.add(LoopCounters.BYTES_READ, n);
        long now = System.nanoTime();
        deadlines.activity(now);
        buf.flip();
        decode(buf);
        if (state == ConnectionState.CLOSED) {
            return n;
        }
        if (state != ConnectionState.OPEN) {
            if (buf.hasRemaining()) {
                state = state.lingerAfterReplies(); // bytes after the last request: a plain close would reset the reply
            }
            buf.clear();
            in.release();
        } else if (!in.keepRemainder(buf, shared)) {
            counters.inc(LoopCounters.CODEC_ERRORS);
            close(true);
            return n;
        }
        flush();
        checkWatermarks();
        return n;
    }

    /** A layered socket may have written (a handshake's reply), paused for work elsewhere, or finished its handshake. */
    private void afterEmptyRead() {
        if (socket.hasPendingOutput()) {
            flush();
        }
        if (socket.inputBlocked()) {
            setInterest(IoOps.READ, false);
        } else if (!socket.handshaking() && !codec.hasPartialMessage()) {
            deadlines.partialMessage(false);
        }
    }

    /** The layer's work elsewhere (a handshake task on a worker) is done: read again and carry on. */
    private void layerUnblocked() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        setReading(!readPaused);
        read();
        if (state != ConnectionState.CLOSED) {
            flush();
        }
    }

    /** Reading resumed while the layer holds input: no event will come for it, so read from the loop's queue. */
    private void readBufferedLater() {
        if (socket.hasBufferedInput()) {
            execute(() -> {
                if (state != ConnectionState.CLOSED && (interest & IoOps.READ) != 0) {
                    read();
                }
            });
        }
    }

    private void decode(ByteBuffer buf) {
        inDecode = true;
        try {
            codec.decode(buf, this);
        } catch (CodecException e) {
            codecError(e.reply());
        } catch (RuntimeException e) {
            codecError(null);
        } finally {
            inDecode = false;
        }
        deadlines.partialMessage(codec.hasPartialMessage());
    }

    @Override
    public void message(I message) {
        if (state != ConnectionState.OPEN) {
            return;
        }
        counters.inc(LoopCounters.MESSAGES);
        long seq = replies.assign();
        try {
            dispatcher.dispatch(this, message, seq);
        } catch (RuntimeException e) {
            fail(seq, e);
        }
    }

    @Override
    public void interim(ByteBuffer bytes) {
        replies.interim(bytes, out);
    }

    /**
     * The reply to message {@code seq}: written now if it is next in order, else encoded and parked until the
     * earlier ones are written. Loop thread only.
     */
    public void complete(long seq, O reply) {
        assertServing();
        if (state == ConnectionState.CLOSED || !replies.wanted(seq)) {
            return;
        }
        if (replies.isNext(seq)) {
            replies.begin(seq, out);
            codec.encode(reply, out);
            replies.advance();
            if (codec.closeAfter(reply)) {
                if (codec.peerSendsNoMore(reply)) {
                    state = state.peerSaidDone();
                }
                finishAfter(seq);
            }
            writeParked();
        } else {
            var sink = new HeapSink();
            codec.encode(reply, sink);
            replies.park(seq, sink.bytes(), codec.closeAfter(reply));
        }
        afterReply();
    }

    /**
     * Message {@code seq} failed: the connection closes after the replies that precede it. A message the worker
     * pool refused gets the codec's overloaded reply (HTTP 503) in its place first. Loop thread only.
     */
    public void fail(long seq, Throwable cause) {
        assertServing();
        if (state == ConnectionState.CLOSED || !replies.wanted(seq)) {
            return;
        }
        var reply = cause instanceof RejectedExecutionException ? codec.overloadedReply() : null;
        if (replies.isNext(seq)) {
            replies.begin(seq, out);
            if (reply != null) {
                out.put(reply);
            }
            replies.advance();
            finishAfter(seq);
            writeParked();
        } else {
            replies.park(seq, reply, true);
        }
        afterReply();
    }

    private void writeParked() {
        long closing = replies.writeReady(out);
        if (closing >= 0) {
            finishAfter(closing);
        }
    }

    /** No reply after {@code seq} will be written; close once it is flushed. */
    private void finishAfter(long seq) {
        replies.endAt(seq);
        state = state.takeNoMore();
        setReading(false);
    }

    private void afterReply() {
        if (state == ConnectionState.CLOSED || inDecode) {
            return; // the read path flushes once after decoding
        }
        if (!flushQueued) {
            flushQueued = true;
            host.flushLater(this);
        }
    }

    void flushFromLoop() {
        flushQueued = false;
        if (state != ConnectionState.CLOSED) {
            flush();
            checkWatermarks();
        }
    }

    private void codecError(ByteBuffer reply) {
        counters.inc(LoopCounters.CODEC_ERRORS);
        state = state.lingerAfterReplies();
        long seq = replies.assign();
        var copy = reply == null ? null : ByteBuffer.allocate(reply.remaining()).put(reply).flip();
        if (replies.isNext(seq)) {
            if (copy != null) {
                out.put(copy);
            }
            replies.advance();
            finishAfter(seq);
        } else {
            replies.park(seq, copy, true);
            state = state.takeNoMore();
            setReading(false);
        }
    }

    private void flush() {
        if (!out.isEmpty() || socket.hasPendingOutput()) {
            long n;
            try {
                if (out.isEmpty()) {
                    socket.flushPending(); // a TLS layer's records: counted when they were taken as plaintext
                    n = 0;
                } else {
                    n = out.writeTo(socket, finAfterFlush());
                }
            } catch (IOException e) {
                counters.inc(LoopCounters.RESETS);
                close(true);
                return;
            }
            if (n > 0) {
                counters.add(LoopCounters.BYTES_WRITTEN, n);
                deadlines.activity(System.nanoTime());
            }
        }
        setInterest(IoOps.WRITE, !out.isEmpty() || socket.hasPendingOutput());
        maybeFinish();
    }

    private void checkWatermarks() {
        if (state != ConnectionState.OPEN) {
            return;
        }
        long owed = replies.owed();
        long held = out.bytes() + socket.pendingOutputBytes(); // a TLS layer's records count as what they carry
        if (!readPaused) {
            if (held > config.highWatermark() || owed >= config.maxPipelined()) {
                readPaused = true;
                counters.inc(LoopCounters.READ_PAUSES);
                counters.inc(LoopCounters.READ_PAUSED_NOW);
                setReading(false);
            }
        } else if (held < config.lowWatermark() && owed < Math.max(1, config.maxPipelined() / 2)) {
            readPaused = false;
            deadlines.readingResumed(System.nanoTime());
            counters.inc(LoopCounters.READ_RESUMES);
            counters.add(LoopCounters.READ_PAUSED_NOW, -1);
            setReading(true);
            readBufferedLater();
        }
    }

    private void setReading(boolean on) {
        setInterest(IoOps.READ, on && state == ConnectionState.OPEN && !socket.inputBlocked());
    }

    void setInterest(int op, boolean on) {
        int ops = on ? interest | op : interest & ~op;
        if (ops != interest && state != ConnectionState.CLOSED) {
            interest = ops;
            registration.interestOps(ops);
        }
    }

    private void onInputShutdown() {
        counters.inc(LoopCounters.HALF_CLOSES);
        state = state.peerClosed();
        in.release();
        setInterest(IoOps.READ, false);
        maybeFinish();
    }

    /**
     * Whether a flush that empties {@link #out} is followed at once by a FIN that cannot turn into a reset
     * ({@link #maybeFinish}): the peer sends nothing more (it said so, or its FIN came), or the close lingers (shutdown
     * first, whatever arrives).
     */
    private boolean finAfterFlush() {
        return state.finWithLastBytes() && !socket.hasPendingOutput() && replies.finished();
    }

    /** Ends a finishing connection once its replies owed are all written. */
    void maybeFinish() {
        if (state.finishing() && out.isEmpty() && !socket.hasPendingOutput() && replies.finished()) {
            Closing.finish(this);
        }
    }

    /** Graceful stop: read no more, finish the replies owed, then close. Loop thread only. */
    public void drain() {
        assertServing();
        Closing.drain(this);
    }

    @Override
    public void forceClose() {
        close(true);
    }

    /** Closes now; {@code abort} sends RST (SO_LINGER 0) instead of FIN. Loop thread only. */
    public void close(boolean abort) {
        Closing.close(this, abort);
    }

    /** A deadline's look (idle, partial message, linger). The serving thread. */
    public void onTimer() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        if (state == ConnectionState.LINGERING) {
            Closing.lingerTimer(this, now);
            return;
        }
        if (socket.handshaking() && deadlines.partialExpired(now)) {
            counters.inc(LoopCounters.PARTIAL_TIMEOUTS); // a TLS handshake as slow as a slow header: no reply
            close(true);
            return;
        }
        // while reading is paused by backpressure the request's slowness is ours, not the client's
        if (!readPaused && state == ConnectionState.OPEN && deadlines.partialExpired(now)) {
            counters.inc(LoopCounters.PARTIAL_TIMEOUTS);
            state = state.lingerAfterReplies();
            var reply = codec.partialMessageTimeoutReply();
            if (reply != null && replies.noneOwed()) {
                out.put(reply.duplicate());
            }
            finishAfter(replies.lastAssigned());
            in.release();
            flush();
            if (state != ConnectionState.CLOSED && state != ConnectionState.LINGERING) {
                host.arm(timer, deadlines.afterPartial());
            }
            return;
        }
        if (deadlines.idleExpired(now) && replies.noneOwed()) {
            counters.inc(LoopCounters.IDLE_TIMEOUTS);
            close(state != ConnectionState.OPEN); // a peer that owes us a read of our last bytes gets a reset
            return;
        }
        host.arm(timer, deadlines.next(now));
    }

    @Override
    public String toString() {
        return "Connection[" + id + " on " + host.name() + "]";
    }
}
