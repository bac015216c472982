package io.shardloop.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A small closed-loop NIO client for frame echo ({@code serve --protocol echo --echo-codec frame}): keeps
 * {@code depth} frames in flight on each of {@code connections} keep-alive connections from one thread,
 * counts echoed frames over a window and reads the server's CPU (utime+stime of /proc/PID/stat).
 * JDK only, so it runs from the module's classes directory. Thread contract: its own main thread.
 *
 * <p>Usage: {@code EchoBenchClient --port P [--host H] [--connections 64] [--depth 4] [--size 64]
 * [--warmup-seconds 2] [--seconds 5] [--server-pid PID] [--label text]}. Prints one line:
 * {@code label msgs/s=... server-cpu-us/msg=... server-cpu%=...}.
 */
public final class EchoBenchClient {
    private final int size;
    private final int depth;
    private final byte[] frames;
    private long received;

    private EchoBenchClient(int size, int depth) {
        this.size = size;
        this.depth = depth;
        var one = ByteBuffer.allocate(4 + size).putInt(size);
        for (int i = 0; i < size; i++) {
            one.put((byte) i);
        }
        frames = new byte[(4 + size) * depth];
        for (int d = 0; d < depth; d++) {
            System.arraycopy(one.array(), 0, frames, d * (4 + size), 4 + size);
        }
    }

    /** Per-connection state: bytes of replies not yet counted and bytes owed to the socket. */
    private final class Conn {
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        int partial;

        Conn(SocketChannel ch) {
            this.ch = ch;
            out.put(frames).flip();
        }

        void onRead(SelectionKey key) throws IOException {
            in.clear();
            int n = ch.read(in);
            if (n < 0) {
                throw new IOException("server closed a connection");
            }
            int total = partial + n;
            int done = total / (4 + size);
            partial = total % (4 + size);
            received += done;
            if (done > 0) {
                // refill: one new frame per echoed one, so each connection keeps depth frames in flight
                out.compact();
                for (int i = 0; i < done; i++) {
                    out.put(frames, 0, 4 + size);
                }
                out.flip();
                write(key);
            }
        }

        void write(SelectionKey key) throws IOException {
            ch.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = -1;
        int connections = 64;
        int depth = 4;
        int size = 64;
        double warmup = 2;
        double seconds = 5;
        long pid = -1;
        String label = "echo";
        for (int i = 0; i < args.length; i += 2) {
            var v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--depth" -> depth = Integer.parseInt(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--warmup-seconds" -> warmup = Double.parseDouble(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--server-pid" -> pid = Long.parseLong(v);
                case "--label" -> label = v;
                default -> {
                    System.err.println("EchoBenchClient: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (port < 0) {
            System.err.println("EchoBenchClient: --port is required");
            System.exit(2);
        }
        new EchoBenchClient(size, depth).run(host, port, connections, warmup, seconds, pid, label);
    }

    private void run(String host, int port, int connections, double warmup, double seconds, long pid, String label)
            throws Exception {
        try (var selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                var ch = SocketChannel.open(new InetSocketAddress(host, port));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                var c = new Conn(ch);
                var key = ch.register(selector, SelectionKey.OP_READ, c);
                c.write(key);
            }
            long start = System.nanoTime();
            long warmEnd = start + (long) (warmup * 1e9);
            long end = warmEnd + (long) (seconds * 1e9);
            long windowStartCount = -1;
            long cpuStart = 0;
            long windowStart = 0;
            while (true) {
                long now = System.nanoTime();
                if (windowStartCount < 0 && now >= warmEnd) {
                    windowStartCount = received;
                    cpuStart = cpuTicks(pid);
                    windowStart = now;
                }
                if (now >= end) {
                    break;
                }
                selector.select(key -> {
                    var c = (Conn) key.attachment();
                    try {
                        if (key.isWritable()) {
                            c.write(key);
                        }
                        if (key.isReadable()) {
                            c.onRead(key);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, 100);
            }
            long windowNanos = System.nanoTime() - windowStart;
            long msgs = received - windowStartCount;
            long cpuTicks = cpuTicks(pid) - cpuStart;
            double perSec = msgs / (windowNanos / 1e9);
            double tick = 1e6 / clockTicksPerSecond();
            var line = new StringBuilder(String.format(Locale.ROOT, "%s msgs/s=%.0f messages=%d", label, perSec, msgs));
            if (pid > 0) {
                line.append(String.format(Locale.ROOT, " server-cpu-us/msg=%.2f server-cpu%%=%.0f",
                        msgs == 0 ? 0 : cpuTicks * tick / msgs, cpuTicks * tick / (windowNanos / 1e3) * 100));
            }
            System.out.println(line);
            for (var key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    /** utime + stime of process {@code pid} in clock ticks, or 0 when no pid was given. */
    private static long cpuTicks(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        var f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
    }

    private static long clockTicksPerSecond() {
        return 100; // USER_HZ on Linux
    }
}
