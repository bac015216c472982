package io.shardloop.lab.robust;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A blocking HTTP/1.1 client over one socket that shows what a robustness test needs to see: each response's
 * status and body, and how the connection ended (clean EOF, reset, or still open). One thread.
 */
final class RawHttp implements AutoCloseable {

    /** How reading the next response ended. */
    enum End { RESPONSE, EOF, RESET, TIMEOUT }

    record Response(End end, int status, String headers, byte[] body) {
        static Response ended(End end) {
            return new Response(end, 0, "", new byte[0]);
        }

        boolean closes() {
            return headers.toLowerCase(Locale.ROOT).contains("connection: close");
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        this(port, Duration.ofSeconds(10)); // a lost reply fails the test in seconds
    }

    RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    void readTimeout(Duration d) throws SocketException {
        socket.setSoTimeout((int) d.toMillis());
    }

    /** Reads one response (status line, headers, Content-Length or chunked body), or how the stream ended. */
    Response read() throws IOException {
        try {
            var head = readHead();
            if (head == null) {
                return Response.ended(End.EOF);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            var lower = head.toLowerCase(Locale.ROOT);
            byte[] body;
            int cl = lower.indexOf("\r\ncontent-length:");
            if (cl >= 0) {
                int eol = lower.indexOf("\r\n", cl + 2);
                int len = Integer.parseInt(lower.substring(cl + 17, eol).trim());
                body = in.readNBytes(len);
                if (body.length < len) {
                    throw new EOFException("body cut short: " + body.length + " of " + len);
                }
            } else if (lower.contains("transfer-encoding: chunked")) {
                body = readChunked();
            } else {
                body = new byte[0];
            }
            return new Response(End.RESPONSE, status, head, body);
        } catch (SocketTimeoutException e) {
            return Response.ended(End.TIMEOUT);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return Response.ended(End.RESET);
            }
            throw e;
        }
    }

    /** Reads until the server closes; true for a clean EOF, false for a reset. Throws on timeout. */
    boolean awaitClose() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return false;
            }
            throw e;
        }
    }

    private String readHead() throws IOException {
        var buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("response head cut short: " + buf);
            }
            buf.write(b);
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> state;
            };
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readChunked() throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            var line = readLine();
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        var sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** Closes with RST instead of FIN (SO_LINGER 0). */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
