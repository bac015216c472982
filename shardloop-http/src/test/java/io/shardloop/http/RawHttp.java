package io.shardloop.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.1 client for tests: writes bytes as told, reads responses strictly. */
final class RawHttp implements AutoCloseable {

    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawHttp connect(int port) throws IOException {
        var s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000); // a lost reply fails the test in seconds, not at the suite's 240 s timeout
        return new RawHttp(s);
    }

    RawHttp send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** One write (one segment, TCP_NODELAY) per byte. */
    RawHttp sendOneBytePerWrite(String raw) throws IOException {
        for (byte b : raw.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head}: the request was HEAD (no body follows). */
    Reply read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        var headers = new LinkedHashMap<String, String>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            String name = l.substring(0, c).toLowerCase(Locale.ROOT);
            if (headers.putIfAbsent(name, l.substring(c + 1).strip()) != null) {
                throw new IOException("duplicate response header " + name);
            }
        }
        if (code == 100) {
            return new Reply(code, headers, new byte[0]);
        }
        if (head || code == 204 || code == 304) {
            return new Reply(code, headers, new byte[0]);
        }
        String cl = headers.get("content-length");
        if (cl != null) {
            return new Reply(code, headers, in.readNBytes(Integer.parseInt(cl)));
        }
        if ("chunked".equals(headers.get("transfer-encoding"))) {
            var body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(), 16);
                if (size == 0) {
                    line();
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
            return new Reply(code, headers, body.toByteArray());
        }
        return new Reply(code, headers, in.readAllBytes());
    }

    /** Whether the server closed the connection (EOF or reset) within the socket timeout, with no more bytes. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

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
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
