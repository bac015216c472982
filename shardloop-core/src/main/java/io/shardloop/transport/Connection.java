package io.shardloop.transport;

import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection, owned by one loop for life: reads, decodes, hands messages to the model's dispatcher,
 * writes replies in message order, applies the watermarks and closes (orderly, half-close, reset, abort).
 * Thread contract: every method on the owning loop's thread ({@link EventLoop#assertInLoop()}), except
 * {@link #loop()}, {@link #id()} and {@link #codec()}.
 */
public final class Connection<I, O> implements IoHandle, DecodeSink<I> {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final EventLoop loop;
    private final SocketChannel channel;
    private final Codec<I, O> codec;
    private final MessageDispatcher<I, O> dispatcher;
    private final TransportConfig config;
    private final ConnectionLimit limit;
    private final LoopCounters counters;
    private final OutboundBuffer out;
    private IoRegistration registration;
    private int interest;
    /** Holds the bytes of an incomplete message between reads; a pooled chunk or a grown heap buffer; null when empty. */
    private ByteBuffer pending;
    private ParkedReplies parked;
    private long nextSeq;
    private long nextToWrite;
    private long lastSeqToWrite = Long.MAX_VALUE;
    private boolean inDecode;
    private boolean readPaused;
    private boolean inputClosed;
    private boolean closeWhenDone;
    private boolean closed;
    private boolean flushQueued;
    /** Set by an error reply: close lingering ({@link Linger}); then lingering until the peer closes. */
    private boolean lingerOnClose;
    private boolean lingering;
    private long lingerDeadlineNanos;
    private long lingerDropped;
    private ScheduledTask timer;
    private long lastActivityNanos;
    private long partialSinceNanos;

    public Connection(EventLoop loop, SocketChannel channel, Codec<I, O> codec, MessageDispatcher<I, O> dispatcher,
                      TransportConfig config, ConnectionLimit limit) {
        this.loop = loop;
        this.channel = channel;
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.config = config;
        this.limit = limit;
        this.counters = loop.counters();
        this.out = new OutboundBuffer(loop.buffers());
    }

    public long id() {
        return id;
    }

    public EventLoop loop() {
        return loop;
    }

    public Codec<I, O> codec() {
        return codec;
    }

    /** Registers for reading on the owning loop; on failure closes the channel and releases the slot. */
    public void open() {
        loop.assertInLoop();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            interest = IoOps.READ;
            registration = loop.register(channel, interest, this);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            limit.release();
            return;
        }
        loop.connectionOpened();
        lastActivityNanos = System.nanoTime();
        long period = timerPeriodNanos();
        if (period > 0) {
            timer = loop.newTimer(this::onTimer);
            loop.arm(timer, period);
        }
    }

    public boolean isReadingPaused() {
        return readPaused;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void onReady(int readyOps) {
        if (closed) {
            return;
        }
        if ((readyOps & IoOps.WRITE) != 0) {
            flush();
            if (!closed) {
                checkWatermarks(); // drained below the low watermark: read again (reading is paused, so only here)
            }
        }
        if (!closed && (readyOps & IoOps.READ) != 0 && !inputClosed) {
            read();
        }
    }

    private void read() {
        if (lingering) {
            drop();
            return;
        }
        var shared = loop.sharedReadBuffer();
        var buf = pending != null ? pending : shared;
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            counters.inc(LoopCounters.RESETS);
            close(true);
            return;
        }
        if (n < 0) {
            onInputShutdown();
            return;
        }
        if (n == 0) {
            return;
        }
        counters.add(LoopCounters.BYTES_READ, n);
        lastActivityNanos = System.nanoTime();
        buf.flip();
        decode(buf);
        if (closed) {
            return;
        }
        keepRemainder(buf, shared);
        if (closed) {
            return;
        }
        flush();
        checkWatermarks();
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
        if (config.partialMessageTimeout().isPositive()) {
            if (codec.hasPartialMessage()) {
                if (partialSinceNanos == 0) {
                    partialSinceNanos = lastActivityNanos;
                }
            } else {
                partialSinceNanos = 0;
            }
        }
    }

    /** Keeps the bytes of an incomplete message for the next read; the shared buffer is left empty. */
    private void keepRemainder(ByteBuffer buf, ByteBuffer shared) {
        if (closeWhenDone) {
            buf.clear();
            releasePending();
            return;
        }
        if (buf == shared) {
            if (buf.hasRemaining()) {
                pending = loop.buffers().acquire();
                pending.put(buf);
            }
            shared.clear();
            return;
        }
        if (!buf.hasRemaining()) {
            releasePending();
            return;
        }
        buf.compact();
        if (!buf.hasRemaining()) {
            if (buf.capacity() >= config.maxReadBufferSize()) {
                counters.inc(LoopCounters.CODEC_ERRORS);
                close(true);
                return;
            }
            var bigger = ByteBuffer.allocate(Math.min(buf.capacity() * 2, config.maxReadBufferSize()));
            buf.flip();
            bigger.put(buf);
            loop.buffers().release(buf);
            pending = bigger;
        }
    }

    private void releasePending() {
        if (pending != null) {
            loop.buffers().release(pending);
            pending = null;
        }
    }

    @Override
    public void message(I message) {
        if (closeWhenDone) {
            return;
        }
        counters.inc(LoopCounters.MESSAGES);
        long seq = nextSeq++;
        try {
            dispatcher.dispatch(this, message, seq);
        } catch (RuntimeException e) {
            fail(seq, e);
        }
    }

    @Override
    public void interim(ByteBuffer bytes) {
        if (nextToWrite == nextSeq) {
            out.put(bytes.duplicate());
        } else {
            var copy = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
            parked().parkPre(nextToWrite, nextSeq, copy);
        }
    }

    private ParkedReplies parked() {
        if (parked == null) {
            parked = new ParkedReplies();
        }
        return parked;
    }

    /**
     * The reply to message {@code seq}: written now if it is next in order, else encoded and parked until the
     * earlier ones are written. Loop thread only.
     */
    public void complete(long seq, O reply) {
        loop.assertInLoop();
        if (closed || seq < nextToWrite || seq > lastSeqToWrite) {
            return;
        }
        if (seq == nextToWrite) {
            writePre(seq);
            codec.encode(reply, out);
            nextToWrite++;
            if (codec.closeAfter(reply)) {
                finishAfter(seq);
            }
            writeParked();
        } else {
            var sink = new HeapSink();
            codec.encode(reply, sink);
            parked().park(nextToWrite, seq, sink.bytes(), codec.closeAfter(reply));
        }
        afterReply();
    }

    /**
     * Message {@code seq} failed: the connection closes after the replies that precede it. A message the worker
     * pool refused gets the codec's overloaded reply (HTTP 503) in its place first. Loop thread only.
     */
    public void fail(long seq, Throwable cause) {
        loop.assertInLoop();
        if (closed || seq < nextToWrite || seq > lastSeqToWrite) {
            return;
        }
        var reply = cause instanceof RejectedExecutionException ? codec.overloadedReply() : null;
        if (seq == nextToWrite) {
            writePre(seq);
            if (reply != null) {
                out.put(reply);
            }
            nextToWrite++;
            finishAfter(seq);
            writeParked();
        } else {
            parked().park(nextToWrite, seq, reply, true);
        }
        afterReply();
    }

    private void writePre(long seq) {
        if (parked != null) {
            var pre = parked.takePre(seq);
            if (pre != null) {
                out.put(pre);
            }
        }
    }

    private void writeParked() {
        if (parked == null) {
            return;
        }
        while (nextToWrite <= lastSeqToWrite && parked.has(nextToWrite)) {
            long seq = nextToWrite;
            writePre(seq);
            var b = parked.bytes(seq);
            boolean close = parked.closeAfter(seq);
            parked.remove(seq);
            if (b != null) {
                out.put(b);
            }
            nextToWrite++;
            if (close) {
                finishAfter(seq);
            }
        }
    }

    /** No reply after {@code seq} will be written; close once it is flushed. */
    private void finishAfter(long seq) {
        lastSeqToWrite = Math.min(lastSeqToWrite, seq);
        closeWhenDone = true;
        setReading(false);
    }

    private void afterReply() {
        if (closed || inDecode) {
            return; // the read path flushes once after decoding
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.flushLater(this);
        }
    }

    void flushFromLoop() {
        flushQueued = false;
        if (!closed) {
            flush();
            checkWatermarks();
        }
    }

    private void codecError(ByteBuffer reply) {
        counters.inc(LoopCounters.CODEC_ERRORS);
        lingerOnClose = true;
        long seq = nextSeq++;
        var copy = reply == null ? null : ByteBuffer.allocate(reply.remaining()).put(reply).flip();
        if (seq == nextToWrite) {
            if (copy != null) {
                out.put(copy);
            }
            nextToWrite++;
            finishAfter(seq);
        } else {
            parked().park(nextToWrite, seq, copy, true);
            closeWhenDone = true;
            setReading(false);
        }
    }

    private void flush() {
        if (!out.isEmpty()) {
            long n;
            try {
                n = out.writeTo(channel);
            } catch (IOException e) {
                counters.inc(LoopCounters.RESETS);
                close(true);
                return;
            }
            if (n > 0) {
                counters.add(LoopCounters.BYTES_WRITTEN, n);
                lastActivityNanos = System.nanoTime();
            }
        }
        setInterest(IoOps.WRITE, !out.isEmpty());
        maybeFinish();
    }

    private void checkWatermarks() {
        if (closed || closeWhenDone) {
            return;
        }
        long owed = nextSeq - nextToWrite;
        if (!readPaused) {
            if (out.bytes() > config.highWatermark() || owed >= config.maxPipelined()) {
                readPaused = true;
                counters.inc(LoopCounters.READ_PAUSES);
                counters.inc(LoopCounters.READ_PAUSED_NOW);
                setReading(false);
            }
        } else if (out.bytes() < config.lowWatermark() && owed < Math.max(1, config.maxPipelined() / 2)) {
            readPaused = false;
            if (partialSinceNanos != 0) {
                partialSinceNanos = System.nanoTime(); // the partial message's clock restarts with reading
            }
            counters.inc(LoopCounters.READ_RESUMES);
            counters.add(LoopCounters.READ_PAUSED_NOW, -1);
            setReading(true);
        }
    }

    private void setReading(boolean on) {
        setInterest(IoOps.READ, on && !inputClosed && !closeWhenDone);
    }

    private void setInterest(int op, boolean on) {
        int ops = on ? interest | op : interest & ~op;
        if (ops != interest && !closed) {
            interest = ops;
            registration.interestOps(ops);
        }
    }

    private void onInputShutdown() {
        counters.inc(LoopCounters.HALF_CLOSES);
        inputClosed = true;
        closeWhenDone = true;
        releasePending();
        setInterest(IoOps.READ, false);
        maybeFinish();
    }

    private void maybeFinish() {
        if (closeWhenDone && !closed && !lingering && out.isEmpty()
                && (nextToWrite == nextSeq || nextToWrite > lastSeqToWrite)) {
            counters.inc(LoopCounters.ORDERLY_CLOSES);
            if (lingerOnClose && !inputClosed) {
                linger();
            } else {
                close(false);
            }
        }
    }

    /** FIN after the last reply, then read and drop until the peer closes (see {@link Linger}). */
    private void linger() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close(false);
            return;
        }
        lingering = true;
        lingerDeadlineNanos = System.nanoTime() + Linger.MAX_NANOS;
        releasePending();
        setInterest(IoOps.WRITE, false);
        setInterest(IoOps.READ, true);
        if (timer == null) {
            timer = loop.newTimer(this::onTimer);
        }
        loop.arm(timer, Linger.MAX_NANOS);
    }

    private void drop() {
        var shared = loop.sharedReadBuffer();
        int n;
        try {
            n = channel.read(shared);
        } catch (IOException e) {
            n = -1;
        }
        shared.clear();
        lingerDropped += Math.max(0, n);
        if (n < 0 || lingerDropped >= Linger.MAX_BYTES) {
            close(false);
        }
    }

    /** Graceful stop: read no more, finish the replies owed, then close. Loop thread only. */
    public void drain() {
        loop.assertInLoop();
        if (closed) {
            return;
        }
        if (lingering) {
            close(false); // shutting down: no more waiting for the peer
            return;
        }
        closeWhenDone = true;
        releasePending();
        setInterest(IoOps.READ, false);
        maybeFinish();
    }

    @Override
    public void forceClose() {
        close(true);
    }

    /** Closes now; {@code abort} sends RST (SO_LINGER 0) instead of FIN. Loop thread only. */
    public void close(boolean abort) {
        loop.assertInLoop();
        if (closed) {
            return;
        }
        closed = true;
        if (abort) {
            counters.inc(LoopCounters.ABORTS);
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // already gone
            }
        }
        if (readPaused) {
            readPaused = false;
            counters.add(LoopCounters.READ_PAUSED_NOW, -1);
        }
        if (timer != null) {
            timer.cancel();
        }
        registration.cancel();
        closeQuietly();
        releasePending();
        out.releaseAll();
        loop.unregistered(this);
        loop.connectionClosed();
        limit.release();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private long timerPeriodNanos() {
        long idle = config.idleTimeout().toNanos();
        long partial = config.partialMessageTimeout().toNanos();
        if (idle == 0) {
            return partial;
        }
        return partial == 0 ? idle : Math.min(idle, partial);
    }

    private void onTimer() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (lingering) {
            if (now - lingerDeadlineNanos >= 0) {
                close(false);
            } else {
                loop.arm(timer, lingerDeadlineNanos - now);
            }
            return;
        }
        long partial = config.partialMessageTimeout().toNanos();
        long idle = config.idleTimeout().toNanos();
        // while reading is paused by backpressure the request's slowness is ours, not the client's
        if (partial > 0 && partialSinceNanos != 0 && !readPaused && now - partialSinceNanos >= partial && !closeWhenDone) {
            counters.inc(LoopCounters.PARTIAL_TIMEOUTS);
            lingerOnClose = true;
            var reply = codec.partialMessageTimeoutReply();
            if (reply != null && nextToWrite == nextSeq) {
                out.put(reply.duplicate());
            }
            finishAfter(nextSeq - 1);
            releasePending();
            flush();
            if (!closed && !lingering) {
                loop.arm(timer, Math.max(idle, partial));
            }
            return;
        }
        if (idle > 0 && now - lastActivityNanos >= idle && nextToWrite == nextSeq) {
            counters.inc(LoopCounters.IDLE_TIMEOUTS);
            close(closeWhenDone); // a peer that owes us a read of our last bytes gets a reset
            return;
        }
        long next = timerPeriodNanos();
        if (idle > 0) {
            next = Math.min(next, Math.max(1_000_000, idle - (now - lastActivityNanos)));
        }
        loop.arm(timer, next);
    }

    @Override
    public String toString() {
        return "Connection[" + id + " on " + loop.name() + "]";
    }
}
