package io.shardloop.testkit;

import java.io.BufferedInputStream;
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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tests' HTTP/1.1 client over one blocking socket: writes bytes exactly as told (whole, or one byte per
 * segment), reads responses strictly (CRLF only, no duplicate header, a body cut short is an error), and says how
 * the connection ended when no response came (clean EOF, reset, or still open at the read deadline). Every read
 * has a deadline (10 s unless told), so a lost reply fails a test in seconds, not at the suite's timeout.
 * Shared through core's test-jar. One thread.
 */
public final class RawHttp implements AutoCloseable {

    /** How reading the next response ended. */
    public enum End { RESPONSE, EOF, RESET, TIMEOUT }

    /** A response (end RESPONSE), or how the stream ended before one (no status, headers or body). */
    public record Reply(End end, int status, Map<String, String> headers, byte[] body) {
        static Reply ended(End end) {
            return new Reply(end, 0, Map.of(), new byte[0]);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's value, the name in any case; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            return header("content-type");
        }

        /** Whether the server said it closes the connection after this response. */
        public boolean closes() {
            var c = header("connection");
            return c != null && c.equalsIgnoreCase("close");
        }
    }

    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port) throws IOException {
        this(port, Duration.ofSeconds(10));
    }

    public RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) throws IOException {
        return new RawHttp(port);
    }

    /** A GET request's bytes for {@code path}. */
    public static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    /** One GET on a connection of its own. */
    public static Reply get(int port, String path) throws IOException {
        try (var c = new RawHttp(port)) {
            return c.send(get(path)).read();
        }
    }

    /** Sends a GET for {@code path} on this connection and reads its response. */
    public Reply fetch(String path) throws IOException {
        return send(get(path)).read();
    }

    public RawHttp send(String raw) throws IOException {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One write (one segment, TCP_NODELAY) per byte. */
    public RawHttp sendOneBytePerWrite(String raw) throws IOException {
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    public void readTimeout(Duration d) throws SocketException {
        socket.setSoTimeout((int) d.toMillis());
    }

    public Reply read() throws IOException {
        return read(false);
    }

    /**
     * Reads one response (Content-Length, chunked, or to EOF), or how the stream ended before one;
     * {@code head}: the request was HEAD, so no body follows.
     */
    public Reply read(boolean head) throws IOException {
        try {
            String status = line();
            if (status == null) {
                return Reply.ended(End.EOF);
            }
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("bad status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            var headers = new LinkedHashMap<String, String>();
            for (String l = requiredLine(); !l.isEmpty(); l = requiredLine()) {
                int c = l.indexOf(':');
                if (c <= 0) {
                    throw new IOException("bad header line: " + l);
                }
                String name = l.substring(0, c).toLowerCase(Locale.ROOT);
                if (headers.putIfAbsent(name, l.substring(c + 1).strip()) != null) {
                    throw new IOException("duplicate response header " + name);
                }
            }
            return new Reply(End.RESPONSE, code, headers, body(code, head, headers));
        } catch (SocketTimeoutException e) {
            return Reply.ended(End.TIMEOUT);
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return Reply.ended(End.RESET);
            }
            throw e;
        }
    }

    private byte[] body(int code, boolean head, Map<String, String> headers) throws IOException {
        if (head || code == 100 || code == 204 || code == 304) {
            return new byte[0];
        }
        String cl = headers.get("content-length");
        if (cl != null) {
            int len = Integer.parseInt(cl);
            byte[] body = in.readNBytes(len);
            if (body.length < len) {
                throw new EOFException("body cut short: " + body.length + " of " + len);
            }
            return body;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            var body = new ByteArrayOutputStream();
            while (true) {
                var sizeLine = requiredLine();
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
                if (size == 0) {
                    while (!requiredLine().isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new EOFException("chunk cut short");
                }
                body.write(chunk);
                if (!requiredLine().isEmpty()) {
                    throw new IOException("chunk data not followed by CRLF");
                }
            }
        }
        return in.readAllBytes();
    }

    /** Whether the server closed the connection (EOF or reset) within the read deadline, with no more bytes. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Reads until the server closes; true for a clean EOF, false for a reset. Throws at the read deadline. */
    public boolean awaitClose() throws IOException {
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

    /** Closes with RST instead of FIN (SO_LINGER 0). */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private String requiredLine() throws IOException {
        var l = line();
        if (l == null) {
            throw new EOFException("response cut short");
        }
        return l;
    }

    /** One CRLF-terminated line without its CRLF; null at EOF before any byte. */
    private String line() throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '\r') {
                    throw new IOException("bare LF from the server");
                }
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        if (sb.isEmpty()) {
            return null;
        }
        throw new EOFException("line cut short: " + sb);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
