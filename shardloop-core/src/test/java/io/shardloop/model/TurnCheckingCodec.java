package io.shardloop.model;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.codec.echo.EchoMessage;
import io.shardloop.codec.echo.FrameEchoCodec;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Frame echo for one connection that records which threads served it and how many were inside its decode at once
 * (a connection is served by one thread at a time on every model; on shared-epoll that is what its turn ensures).
 * Thread contract: any thread (it is what the test watches).
 */
final class TurnCheckingCodec implements Codec<EchoMessage, EchoMessage> {
    final FrameEchoCodec delegate = new FrameEchoCodec();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicInteger mostInside = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();

    @Override
    public void decode(ByteBuffer in, DecodeSink<EchoMessage> out) throws CodecException {
        threads.add(Thread.currentThread().getName());
        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            delegate.decode(in, out);
        } finally {
            inside.decrementAndGet();
        }
    }

    @Override
    public void encode(EchoMessage reply, ByteSink out) {
        threads.add(Thread.currentThread().getName()); // inside decode when the handler answers at once
        delegate.encode(reply, out);
    }

    @Override
    public EchoMessage detach(EchoMessage message) {
        return delegate.detach(message);
    }
}
