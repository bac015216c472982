package io.shardloop.transport;

import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;
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
import java.util.concurrent.atomic.LongAdder;

/**
 * A connection served by its own thread with blocking IO (thread-per-connection, virtual-threads): read,
 * decode, run the handler, write, in order. Thread contract: {@link #run} on the connection's thread (everything
 * in this class runs there), except {@link #stopReading} and {@link #abort}, which any thread may call.
 */
public final class BlockingConnection<I, O> implements Runnable, DecodeSink<I>, Exchange<O> {
    private final SocketChannel channel;
    private final Socket socket;
    private final Codec<I, O> codec;
    private final Handler<I, O> handler;
    private final TransportConfig config;
    private final LongAdder messages;
    private final Runnable onClose;
    private ByteBuffer in;
    /** Heap outbound bytes, written with one blocking write per decode pass. */
    private HeapSink out;
    private CompletableFuture<O> deferred;
    private boolean closeAfter;
    private volatile boolean stopping;

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
        long idle = config.idleTimeout().toMillis();
        long partial = config.partialMessageTimeout().toMillis();
        long tick = idle == 0 ? partial : partial == 0 ? idle : Math.min(idle, partial);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, tick));
        InputStream is = socket.getInputStream();
        OutputStream os = socket.getOutputStream();
        in = ByteBuffer.allocate(config.readBufferSize());
        out = new HeapSink(config.readBufferSize());
        long lastActivity = System.nanoTime();
        long partialSince = 0;
        while (!closeAfter) {
            int n;
            if (partial > 0 && partialSince != 0) {
                // wake at the partial message's deadline: a client that trickles bytes (slowloris) never lets
                // a fixed read timeout expire
                long left = partial - (System.nanoTime() - partialSince) / 1_000_000;
                socket.setSoTimeout((int) Math.max(1, Math.min(tick, left)));
            } else {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, tick));
            }
            try {
                n = is.read(in.array(), in.arrayOffset() + in.position(), in.remaining());
                if (n > 0 && partialTimedOut(partial, partialSince)) {
                    sendPartialTimeoutReply(os);
                    return;
                }
            } catch (SocketTimeoutException e) {
                long now = System.nanoTime();
                if (partialTimedOut(partial, partialSince)) {
                    sendPartialTimeoutReply(os);
                    return;
                }
                if (idle > 0 && now - lastActivity >= idle * 1_000_000) {
                    return;
                }
                continue;
            }
            if (n < 0 || stopping) {
                return; // half-close or shutdown: every reply owed was written already
            }
            lastActivity = System.nanoTime();
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
            }
            long writeStart = System.nanoTime();
            out.writeTo(os);
            // time blocked writing to a peer that does not read is not the partial request's time
            long blocked = System.nanoTime() - writeStart;
            if (codec.hasPartialMessage() || in.hasRemaining()) {
                partialSince = (partialSince == 0 ? lastActivity : partialSince) + blocked;
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
        socket.shutdownOutput();
    }

    private static boolean partialTimedOut(long partialMillis, long partialSince) {
        return partialMillis > 0 && partialSince != 0 && System.nanoTime() - partialSince >= partialMillis * 1_000_000;
    }

    private void sendPartialTimeoutReply(OutputStream os) throws IOException {
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
