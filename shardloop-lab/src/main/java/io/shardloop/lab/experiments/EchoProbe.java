package io.shardloop.lab.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The client side of {@code shardloop lab ceiling}: {@code connections} blocking connections, each on its own
 * thread, each writing {@code depth} messages of {@code size} bytes and reading them all back, round after round,
 * for a while. 1 connection at depth 1 is the ping-pong round trip; many connections at depth 16 is the packet
 * rate. Prints messages/s, round-trip percentiles and CPU as JSON ({@link ProbeJson}).
 */
public final class EchoProbe {

    /** What to run: {@code millis} measured after {@code warmupMillis}. */
    public record Args(int port, int connections, int depth, int size, long millis, long warmupMillis) {
    }

    /** What it measured; {@code roundTrip} is the time to write a batch of {@code depth} and read it back. */
    public record Result(int connections, int depth, int size, double seconds, long messages, double messagesPerSecond,
                         double megabytesPerSecond, Percentiles roundTrip, ProbeCpu cpu) {
    }

    public static void main(String[] argv) throws Exception {
        ProbeJson.print(run(ProbeJson.args(argv, Args.class)));
        System.exit(0);
    }

    static Result run(Args a) throws Exception {
        int connections = a.connections();
        int depth = a.depth();
        int size = a.size();
        var stop = new AtomicBoolean();
        var measuring = new AtomicBoolean();
        var messages = new LongAdder();
        var rtt = new ConcurrentHistogram(3);
        var sockets = new ArrayList<Socket>();
        for (int i = 0; i < connections; i++) {
            var s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", a.port()), 10_000);
            sockets.add(s);
        }
        var threads = new ArrayList<Thread>();
        for (var s : sockets) {
            threads.add(Thread.ofPlatform().name("echo-client").daemon().start(() -> {
                var batch = new byte[depth * size];
                try (s; var in = s.getInputStream(); var out = s.getOutputStream()) {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        out.write(batch);
                        readFully(in, batch);
                        if (measuring.get()) {
                            rtt.recordValue(System.nanoTime() - t0);
                            messages.add(depth);
                        }
                    }
                } catch (IOException e) {
                    // stopped
                }
            }));
        }
        Thread.sleep(a.warmupMillis());
        var window = ProbeCpu.start();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(a.millis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        var cpu = window.end();
        stop.set(true);
        for (var s : sockets) {
            s.close();
        }
        long n = messages.sum();
        return new Result(connections, depth, size, seconds, n, n / seconds, n * (double) size * 2 / seconds / 1e6,
                Percentiles.ofNanos(rtt), cpu);
    }

    private static void readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        while (off < buf.length) {
            int n = in.read(buf, off, buf.length - off);
            if (n < 0) {
                throw new IOException("closed");
            }
            off += n;
        }
    }
}
