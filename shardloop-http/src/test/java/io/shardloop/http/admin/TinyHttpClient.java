package io.shardloop.http.admin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A keep-alive HTTP/1.1 client for tests: one connection, one request at a time. One thread. */
final class TinyHttpClient implements AutoCloseable {

    record Reply(int status, String contentType, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TinyHttpClient(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000); // a lost reply fails the test in seconds, not at the suite's 240 s timeout
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static Reply get(int port, String path) throws IOException {
        try (var c = new TinyHttpClient(port)) {
            return c.get(path);
        }
    }

    Reply get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = -1;
        boolean chunked = false;
        String type = null;
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            var name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            var value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "content-type" -> type = value;
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            var buf = new ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0) {
                buf.write(in.readNBytes(size));
                line();
            }
            line();
            body = buf.toByteArray();
        } else {
            body = in.readNBytes(Math.max(0, length));
        }
        return new Reply(status, type, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        var sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
