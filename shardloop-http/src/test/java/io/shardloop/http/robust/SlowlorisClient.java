package io.shardloop.http.robust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slowloris attacker: holds {@code count} connections, sends each one more header byte per second, never
 * finishes a request. When the server answers and closes one, it records what came back and how long after
 * that connection's first byte, and opens a fresh one, so the attack lasts as long as the test wants.
 * Thread contract: {@link #run} on its own thread; the counters and {@link #stop} from any thread.
 */
final class SlowlorisClient implements Runnable {

    private static final byte[] DRIP = "GET /hello HTTP/1.1\r\nHost: slowloris\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    /** One slow connection's state, attached to its key. */
    private static final class Slow {
        final long firstByteNanos;
        final StringBuilder answer = new StringBuilder();
        int sent = 1;

        Slow(long firstByteNanos) {
            this.firstByteNanos = firstByteNanos;
        }
    }

    private final int port;
    private final int count;
    private final Selector selector;
    private final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger open = new AtomicInteger();
    /** Connections the server closed after answering 408. */
    final AtomicInteger closedWith408 = new AtomicInteger();
    /** Connections the server closed some other way (no 408, or a reset). */
    final AtomicInteger closedOtherwise = new AtomicInteger();
    /** The shortest time from a connection's first byte to its 408, in ns. */
    final AtomicLong earliest408Nanos = new AtomicLong(Long.MAX_VALUE);
    private volatile IOException failure;

    SlowlorisClient(int port, int count) throws IOException {
        this.port = port;
        this.count = count;
        this.selector = Selector.open();
        for (int i = 0; i < count; i++) {
            openOne();
        }
    }

    private void openOne() throws IOException {
        var ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        long first = System.nanoTime(); // before the write: the server cannot see the byte earlier
        ch.write(ByteBuffer.wrap(DRIP, 0, 1));
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, new Slow(first));
        open.incrementAndGet();
    }

    @Override
    public void run() {
        var buf = ByteBuffer.allocate(4096);
        long nextDrip = System.nanoTime() + 1_000_000_000L;
        try {
            while (!stop.get()) {
                long wait = Math.max(1, (nextDrip - System.nanoTime()) / 1_000_000);
                selector.select(wait);
                for (var key : selector.selectedKeys()) {
                    answered(key, buf);
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextDrip) {
                    drip();
                    nextDrip += 1_000_000_000L;
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            for (var key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void answered(SelectionKey key, ByteBuffer buf) throws IOException {
        var ch = (SocketChannel) key.channel();
        var slow = (Slow) key.attachment();
        int n;
        try {
            buf.clear();
            n = ch.read(buf);
        } catch (IOException reset) {
            n = -2;
        }
        if (n > 0) {
            slow.answer.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
            return;
        }
        long lived = System.nanoTime() - slow.firstByteNanos;
        // after its 408 the server closes; a drip byte it never read turns that close into a reset (no
        // lingering close), which may come instead of the EOF: the 408 was received either way
        if (slow.answer.toString().startsWith("HTTP/1.1 408")) {
            closedWith408.incrementAndGet();
            earliest408Nanos.accumulateAndGet(lived, Math::min);
        } else {
            closedOtherwise.incrementAndGet();
        }
        key.cancel();
        ch.close();
        open.decrementAndGet();
        if (!stop.get()) {
            openOne();
        }
    }

    /** One more header byte on every connection, spread over the second. */
    private void drip() {
        for (var key : selector.keys()) {
            if (!key.isValid()) {
                continue;
            }
            var slow = (Slow) key.attachment();
            try {
                ((SocketChannel) key.channel()).write(ByteBuffer.wrap(DRIP, slow.sent % DRIP.length, 1));
                slow.sent++;
            } catch (IOException closed) {
                // the server closed it; the read side records it
            }
        }
    }

    void stop() throws IOException {
        stop.set(true);
        selector.wakeup();
        if (failure != null) {
            throw failure;
        }
    }

    int count() {
        return count;
    }
}
