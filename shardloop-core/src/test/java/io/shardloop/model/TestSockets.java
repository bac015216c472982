package io.shardloop.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Client-side helpers for the socket tests: frames, split writes, full reads, /proc counts. */
final class TestSockets {
    private TestSockets() {
    }

    static SocketChannel connect(int port) throws IOException {
        var ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        return ch;
    }

    /** A frame: 4-byte big-endian length, then {@code payload}. */
    static byte[] frame(byte[] payload) {
        var b = ByteBuffer.allocate(4 + payload.length);
        b.putInt(payload.length).put(payload);
        return b.array();
    }

    /** A payload of {@code size} (>= 8) bytes starting with the connection id and sequence number. */
    static byte[] payload(Random rnd, int conn, int seq, int size) {
        var p = new byte[Math.max(8, size)];
        rnd.nextBytes(p);
        ByteBuffer.wrap(p).putInt(conn).putInt(seq);
        return p;
    }

    /** Writes {@code bytes} in pieces of random size, so frames are split and coalesced at random points. */
    static void writeSplit(SocketChannel ch, byte[] bytes, Random rnd, int maxPiece) throws IOException {
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, 1 + rnd.nextInt(maxPiece));
            var b = ByteBuffer.wrap(bytes, at, n);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            at += n;
        }
    }

    /**
     * How long one read may take before it fails: a server that lost or never sent a reply fails its test in
     * seconds, with what it did send, instead of hanging it into the suite's 240 s timeout.
     */
    static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("test-read-deadline").daemon().unstarted(r));

    static byte[] readExactly(SocketChannel ch, int n) throws IOException {
        var b = ByteBuffer.allocate(n);
        withDeadline(ch, () -> "read " + b.position() + " of " + n + " bytes", () -> {
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    throw new IOException("EOF after " + b.position() + " of " + n + " bytes");
                }
            }
        });
        return b.array();
    }

    static byte[] readToEof(SocketChannel ch) throws IOException {
        var out = new ByteArrayOutputStream();
        var b = ByteBuffer.allocate(64 * 1024);
        withDeadline(ch, () -> "no EOF after " + (out.size() + b.position()) + " bytes", () -> {
            while (ch.read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
        });
        return out.toByteArray();
    }

    private interface Reads {
        void run() throws IOException;
    }

    /** Runs {@code reads}, closing {@code ch} at the deadline so that a blocked read ends with {@code progress}. */
    private static void withDeadline(SocketChannel ch, Supplier<String> progress, Reads reads) throws IOException {
        var expired = new AtomicBoolean();
        var timer = DEADLINES.schedule(() -> {
            expired.set(true);
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }, READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try {
            reads.run();
        } catch (ClosedChannelException e) {
            if (expired.get()) {
                throw new SocketTimeoutException("no reply within " + READ_DEADLINE.toSeconds() + " s: " + progress.get());
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    static int openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    static int liveThreads() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/task"))) {
            return (int) s.count();
        }
    }
}
