package io.shardloop.transport.internal.loop;

import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.buffer.BufferPool;
import io.shardloop.transport.internal.buffer.TlsScratch;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EventLoop} as the host and owner of its acceptors and connections, for life: what they are served with
 * (buffers, the shared read buffer, TLS scratch, the end-of-batch flush) and the rule that only the loop's thread
 * touches them. Kept apart from the loop so that these methods stay out of its public API.
 * Thread contract: {@link #execute}, {@link #runServing} and {@link #runLater} from any thread; the rest on the loop
 * thread.
 */
final class EventLoopHost implements ConnectionHost, ConnectionOwner {
    private final EventLoop loop;
    private final BufferPool buffers;
    private final ByteBuffer sharedReadBuffer;
    private final ReadOnOpen readOnOpen = new ReadOnOpen();
    /** Connections with replies to flush once the current batch of events or tasks is done. */
    private final ArrayList<Connection<?, ?>> dirty = new ArrayList<>();
    private TlsScratch tlsScratch;

    EventLoopHost(EventLoop loop, TransportConfig config) {
        this.loop = loop;
        this.buffers = new BufferPool(this, config.readBufferSize(), config.pooledBuffersPerLoop());
        this.sharedReadBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
    }

    /** Flushes the connections {@link #flushLater} collected. Loop thread. */
    void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flushFromLoop();
        }
        dirty.clear();
    }

    @Override
    public void assertServing() {
        loop.assertInLoop();
    }

    @Override
    public void runServing(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    @Override
    public void runLater(Runnable task) {
        loop.execute(task);
    }

    @Override
    public IoHandle eventTarget(Connection<?, ?> c) {
        return c;
    }

    @Override
    public Runnable timerTask(Connection<?, ?> c) {
        return c::onTimer;
    }

    @Override
    public String name() {
        return loop.name();
    }

    @Override
    public void assertIn() {
        loop.assertInLoop();
    }

    @Override
    public LoopCounters counters() {
        return loop.counters();
    }

    @Override
    public IoRegistration register(Pollable socket, int ops, IoHandle handle) throws IOException {
        return loop.register(socket, ops, handle);
    }

    @Override
    public void unregistered(IoHandle handle) {
        loop.unregistered(handle);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(task, delay, unit);
    }

    @Override
    public ScheduledTask newTimer(Runnable task) {
        return loop.newTimer(task);
    }

    @Override
    public void arm(ScheduledTask t, long delayNanos) {
        loop.arm(t, delayNanos);
    }

    @Override
    public void disarm(ScheduledTask t) {
        loop.disarm(t);
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    @Override
    public ByteBuffer sharedReadBuffer() {
        return sharedReadBuffer;
    }

    @Override
    public void flushLater(Connection<?, ?> c) {
        dirty.add(c);
    }

    @Override
    public TlsScratch tlsScratch(int packetSize, int applicationSize) {
        return tlsScratch = TlsScratch.fitting(tlsScratch, packetSize, applicationSize);
    }

    @Override
    public ReadOnOpen readOnOpen() {
        return readOnOpen;
    }

    @Override
    public void connectionOpened() {
        loop.connectionOpened();
    }

    @Override
    public void connectionClosed() {
        loop.connectionClosed();
    }

    @Override
    public void adopt(StreamSocket socket) {
        // the driver's register hands the socket this loop's scratch
    }
}
