package io.shardloop.transport.internal.nio;

import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.ReadySet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * {@link IoDriver} over a JDK {@link Selector}. Uses {@code select(Consumer)} with one reused consumer, so a
 * select makes no garbage (no selected-key set, no Iterator). Thread contract: as {@link IoDriver}.
 */
public final class NioIoDriver implements IoDriver {
    private final Selector selector;
    private final Consumer<SelectionKey> collector = this::collect;
    private ReadySet target;

    public NioIoDriver() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public int select(long timeoutMillis, ReadySet out) throws IOException {
        target = out;
        out.clear();
        selector.select(collector, timeoutMillis);
        return out.size();
    }

    @Override
    public int selectNow(ReadySet out) throws IOException {
        target = out;
        out.clear();
        selector.selectNow(collector);
        return out.size();
    }

    private void collect(SelectionKey key) {
        target.add((IoHandle) key.attachment(), key.readyOps());
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public IoRegistration register(Pollable socket, int interestOps, IoHandle handle) throws IOException {
        if (!(socket instanceof NioTransport.NioPollable p)) {
            throw new IllegalArgumentException("the NIO driver cannot wait on " + socket);
        }
        return new Registration(p.channel().register(selector, interestOps, handle));
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private record Registration(SelectionKey key) implements IoRegistration {
        @Override
        public boolean interestOps(int ops) {
            if (key.isValid()) {
                key.interestOps(ops);
            }
            return true;
        }

        @Override
        public int interestOps() {
            return key.isValid() ? key.interestOps() : 0;
        }

        @Override
        public void cancel() {
            key.cancel();
        }
    }
}
