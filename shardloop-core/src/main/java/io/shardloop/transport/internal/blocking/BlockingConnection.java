package io.shardloop.transport.internal.blocking;

import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.buffer.HeapSink;
import io.shardloop.transport.internal.io.Linger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocket;

/**
 * A connection served by its own thread with blocking IO (thread-per-connection, virtual-threads): read,
 * decode, run the handler, write, in order. Thread contract: {@link #run} on the connection's thread (everything
 * in this class runs there), except {@link #stopReading}, {@link #abort} and {@link #endReadIfPastDeadline}, which
 * any thread may call. Reads block without a timeout; the idle and partial-message deadlines are the
 * {@link DeadlineReaper}'s job (see there why). With TLS ({@link TransportConfig#tls()}) an {@link SSLSocket} layered
 * over the socket does the handshake first, on this thread, under the partial-message deadline (a handshake that
 * trickles is ended like a slow header), and the close sends close_notify.
 */
public final class BlockingConnection<I, O> implements Runnable, DecodeSink<I>, Exchange<O> {
    private final SocketChannel channel;
    private final Socket socket;
    private final Codec<I, O> codec;
    private final Handler<I, O> handler;
    private final TransportConfig config;
    private final LongAdder messages;
    private final Runnable onClose;
    /** The TLS layer over {@link #socket}, or null for plaintext. */
    private SSLSocket tlsSocket;
    private ByteBuffer in;
    /** Heap outbound bytes, written with one blocking write per decode pass. */
    private HeapSink out;
    private CompletableFuture<O> deferred;
    private boolean closeAfter;
    private boolean lingerOnClose;
    private volatile boolean stopping;
    /** When the blocked read's idle time started (the last read or write); 0 outside reads; REAPED once ended. */
    private final AtomicLong readingSince = new AtomicLong();
    private static final long REAPED = Long.MIN_VALUE;
    /** When the partial message being read began (0: none), for the reaper. */
    private volatile long partialSinceShared;

    public BlockingConnection(SocketChannel channel, Codec<I, O> codec, Handler<I, O> handler, TransportConfig config,
                              LongAdder messages, Runnable onClose) {
        this.channel = channel;
        this.socket = channel.socket();
        this.codec = codec;
        this.handler = handler;
        this.config = config;
        this.messages = messages;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException | RuntimeException e) {
            abort();
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // gone
            }
            onClose.run();
        }
    }

    private void serve() throws IOException {
        channel.configureBlocking(true);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        long partial = config.partialMessageTimeout().toMillis();
        Socket io = config.tls() == null ? socket : handshake(config.tls());
        InputStream is = io.getInputStream();
        OutputStream os = io.getOutputStream();
        in = ByteBuffer.allocate(config.readBufferSize());
        out = new HeapSink(config.readBufferSize());
        long lastActivity = System.nanoTime();
        long partialSince = 0;
        while (!closeAfter) {
            if (partialSinceShared != partialSince) {
                partialSinceShared = partialSince;
            }
            readingSince.set(lastActivity);
            int n = is.read(in.array(), in.arrayOffset() + in.position(), in.remaining());
            // the reaper may have ended this read: bytes that raced in with an idle deadline are served, then it
            // closes; a partial message past its deadline (a client trickling bytes: slowloris) gets its reply
            boolean reaped = readingSince.getAndSet(0) == REAPED;
            if (partialTimedOut(partial, partialSince)) {
                sendPartialTimeoutReply(os);
                break;
            }
            if (n < 0 || stopping) {
                if (tlsSocket != null) {
                    tlsSocket.shutdownOutput(); // close_notify back
                }
                return; // half-close, shutdown or idle: every reply owed was written already
            }
            long readAt = System.nanoTime();
            in.position(in.position() + n);
            in.flip();
            try {
                codec.decode(in, this);
            } catch (CodecException e) {
                var reply = e.reply();
                if (reply != null) {
                    out.put(reply);
                }
                closeAfter = true;
                lingerOnClose = true;
            }
            long writeStart = System.nanoTime();
            out.writeTo(os);
            lastActivity = System.nanoTime();
            // time blocked writing to a peer that does not read is not the partial request's time
            long blocked = lastActivity - writeStart;
            if (reaped) {
                break;
            }
            if (codec.hasPartialMessage() || in.hasRemaining()) {
                partialSince = (partialSince == 0 ? readAt : partialSince) + blocked;
            } else {
                partialSince = 0;
            }
            in.compact();
            if (!in.hasRemaining()) {
                if (in.capacity() >= config.maxReadBufferSize()) {
                    return;
                }
                var bigger = ByteBuffer.allocate(Math.min(in.capacity() * 2, config.maxReadBufferSize()));
                in.flip();
                bigger.put(in);
                in = bigger;
            }
        }
        io.shutdownOutput(); // with TLS: close_notify, then FIN
        if (lingerOnClose) {
            linger(is);
        }
    }

    /**
     * The TLS handshake, as a partial message for the reaper: its deadline covers it from the first byte's wait. A
     * handshake the reaper ends sees end of input and fails.
     */
    private SSLSocket handshake(TlsConfig tls) throws IOException {
        var ssl = tls.wrap(socket);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        partialSinceShared = start;
        readingSince.set(start);
        try {
            ssl.startHandshake();
        } catch (IOException | RuntimeException e) {
            tls.counters().failed();
            throw e;
        } finally {
            partialSinceShared = 0;
        }
        if (readingSince.getAndSet(0) == REAPED) {
            tls.counters().failed();
            throw new IOException("TLS handshake past the header timeout");
        }
        tls.completed(ssl.getSession(), startMillis, System.nanoTime() - start);
        tlsSocket = ssl;
        return ssl;
    }

    /** After an error reply, reads and drops what the peer still sends until it closes (see {@link Linger}). */
    private void linger(InputStream is) throws IOException {
        long deadline = System.nanoTime() + Linger.MAX_NANOS;
        long dropped = 0;
        byte[] sink = in.array();
        while (dropped < Linger.MAX_BYTES) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = is.read(sink);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (n < 0) {
                return;
            }
            dropped += n;
        }
    }

    private static boolean partialTimedOut(long partialMillis, long partialSince) {
        return partialMillis > 0 && partialSince != 0 && System.nanoTime() - partialSince >= partialMillis * 1_000_000;
    }

    private void sendPartialTimeoutReply(OutputStream os) throws IOException {
        lingerOnClose = true;
        var reply = codec.partialMessageTimeoutReply();
        if (reply != null) {
            out.put(reply.duplicate());
            out.writeTo(os);
        }
    }

    @Override
    public void message(I message) {
        if (closeAfter) {
            return;
        }
        messages.increment();
        deferred = null;
        O reply;
        try {
            reply = handler.handle(message, this);
            if (reply == null) {
                if (deferred == null) {
                    throw new IllegalStateException("handler returned null without defer()");
                }
                reply = deferred.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAfter = true;
            return;
        } catch (ExecutionException e) {
            closeAfter = true;
            return;
        } catch (Exception e) {
            closeAfter = true;
            return;
        }
        codec.encode(reply, out);
        if (codec.closeAfter(reply)) {
            closeAfter = true;
        }
    }

    @Override
    public void interim(ByteBuffer bytes) {
        out.put(bytes.duplicate());
    }

    @Override
    public Deferred<O> defer() {
        if (deferred != null) {
            throw new IllegalStateException("defer() is allowed once per message");
        }
        var f = new CompletableFuture<O>();
        deferred = f;
        return new Deferred<>() {
            @Override
            public void complete(O reply) {
                f.complete(reply);
            }

            @Override
            public void fail(Throwable cause) {
                f.completeExceptionally(cause);
            }
        };
    }

    /**
     * Ends a blocked read past a deadline: nothing read or written for {@code idleNanos}, or a partial message
     * older than {@code partialNanos}. The read sees end of input; the connection's thread answers or closes.
     * Any thread (the {@link DeadlineReaper}).
     */
    void endReadIfPastDeadline(long now, long idleNanos, long partialNanos) {
        long since = readingSince.get();
        if (since == 0 || since == REAPED) {
            return;
        }
        long partialSince = partialSinceShared;
        boolean due = idleNanos > 0 && now - since >= idleNanos
                || partialNanos > 0 && partialSince != 0 && now - partialSince >= partialNanos;
        if (due && readingSince.compareAndSet(since, REAPED)) {
            try {
                channel.shutdownInput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Graceful stop: the blocked read sees end of input, replies owed are already written, then it closes. */
    public void stopReading() {
        stopping = true;
        try {
            channel.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Closes at once with a reset (SO_LINGER 0). Any thread. */
    public void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
