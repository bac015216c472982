package io.shardloop.lab.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * A heartbeat: GET /health on one keep-alive connection every {@code periodMillis}, latency into a histogram
 * (µs), a reconnect after any failure (counted). Runs on its own thread; read the results after {@link #stop}.
 */
public final class HealthProbe {

    private static final byte[] REQUEST = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final long periodMillis;
    private final long timeoutMillis;
    private final Histogram latency = new Histogram(60_000_000L, 3);
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean measuring;
    private long failures;
    private final Thread thread;

    public HealthProbe(int port, long periodMillis, long timeoutMillis) {
        this.port = port;
        this.periodMillis = periodMillis;
        this.timeoutMillis = timeoutMillis;
        this.thread = Thread.ofPlatform().name("lab-health-probe").daemon().start(this::run);
    }

    /** From now on, record latencies (before: warm-up). */
    public void measure() {
        measuring = true;
    }

    private void run() {
        Socket socket = null;
        var buf = new byte[4096];
        while (!stop.get()) {
            long start = System.nanoTime();
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout((int) timeoutMillis);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeoutMillis);
                }
                socket.getOutputStream().write(REQUEST);
                readResponse(socket.getInputStream(), buf);
                if (measuring) {
                    synchronized (latency) {
                        latency.recordValue(Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - start) / 1_000));
                    }
                }
            } catch (IOException e) {
                if (measuring) {
                    synchronized (latency) {
                        failures++;
                        latency.recordValue(Math.min(latency.getHighestTrackableValue(), (System.nanoTime() - start) / 1_000));
                    }
                }
                close(socket);
                socket = null;
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                break;
            }
        }
        close(socket);
    }

    /** Reads one response with a Content-Length body (what /health answers). */
    private static void readResponse(InputStream in, byte[] buf) throws IOException {
        int len = 0;
        int headerEnd = -1;
        while (headerEnd < 0) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) throw new IOException("closed");
            len += n;
            headerEnd = indexOf(buf, len);
            if (headerEnd < 0 && len == buf.length) throw new IOException("header too long");
        }
        var head = new String(buf, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (!head.startsWith("http/1.1 200")) throw new IOException("status: " + head.lines().findFirst().orElse(""));
        int cl = head.indexOf("content-length:");
        int body = cl < 0 ? 0 : Integer.parseInt(head.substring(cl + 15, head.indexOf('\r', cl)).trim());
        int have = len - (headerEnd + 4);
        while (have < body) {
            int n = in.read(buf, 0, Math.min(buf.length, body - have));
            if (n < 0) throw new IOException("closed");
            have += n;
        }
    }

    private static int indexOf(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') return i - 3;
        }
        return -1;
    }

    private static void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Stops the probe and returns a copy of the latencies (µs). */
    public Histogram stop() throws InterruptedException {
        stop.set(true);
        thread.interrupt();
        thread.join(timeoutMillis + 5_000);
        synchronized (latency) {
            return latency.copy();
        }
    }

    public synchronized long failures() {
        synchronized (latency) {
            return failures;
        }
    }
}
