package io.shardloop.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small blocking test server on 127.0.0.1 with an ephemeral port: one accept thread, and per connection either a
 * thread of its own running {@link Behaviour} or, when {@code serial}, the accept thread itself. Counts accepts.
 */
final class TinyServer implements AutoCloseable {

    /** Serves one accepted connection until it ends. */
    interface Behaviour {
        void serve(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    final AtomicInteger accepts = new AtomicInteger();
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    TinyServer(Behaviour behaviour) throws IOException {
        this(behaviour, false);
    }

    TinyServer(Behaviour behaviour, boolean serial) throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = Thread.ofPlatform().daemon().name("test-accept").start(() -> {
            int n = 0;
            while (!closed) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                accepts.incrementAndGet();
                if (serial) {
                    run(behaviour, s);
                } else {
                    sockets.add(s);
                    threads.add(Thread.ofPlatform().daemon().name("test-conn-" + n++).start(() -> run(behaviour, s)));
                }
            }
        });
        threads.add(acceptor);
    }

    private static void run(Behaviour behaviour, Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            behaviour.serve(s, new java.io.BufferedInputStream(s.getInputStream()), s.getOutputStream());
        } catch (Exception e) {
            // the client went away or the test closed us: either way this connection is over
        }
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    /** Reads one request head (through the blank line); null at end of stream. */
    static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream(128);
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = switch (matched) {
                case 0, 2 -> b == '\r' ? matched + 1 : 0;
                case 1, 3 -> b == '\n' ? matched + 1 : 0;
                default -> 0;
            };
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    static byte[] ok(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] status(int code, String extraHeaders, String body) {
        return ("HTTP/1.1 " + code + " X\r\n" + extraHeaders + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
