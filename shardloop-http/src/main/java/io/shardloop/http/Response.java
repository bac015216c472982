package io.shardloop.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An immutable HTTP response whose status line and headers are encoded once, when it is built; only the
 * {@code Date} and {@code Connection} lines are added per send. A response may be reused for many requests
 * (the benchmark endpoints do): from its second use on, it also caches its complete bytes for the current
 * second, so sending it is one copy. Thread contract: immutable once built; any thread.
 */
public final class Response {

    static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SERVER = ascii("Server: shardloop\r\n");
    private static final int FRAME_CACHE_MAX_BODY = 4096;

    private final int status;
    private final byte[] head;
    private final byte[] body;
    private final BodyWriter writer;
    private final boolean close;
    /** What the request this answers asks of the framing ({@link ResponseEncoder} flags). */
    private final int requestFlags;
    private int uses;
    private volatile Frame frame;

    /** The full bytes of a keep-alive HTTP/1.1 non-HEAD send, for one second. */
    record Frame(long second, byte[] bytes) {
    }

    private Response(int status, byte[] head, byte[] body, BodyWriter writer, boolean close, int requestFlags) {
        this.status = status;
        this.head = head;
        this.body = body;
        this.writer = writer;
        this.close = close;
        this.requestFlags = requestFlags;
    }

    /**
     * This response as the answer to {@code request}: the codec frames it for that request's version, keep-alive
     * and method (HEAD). Returns this (no copy) for an HTTP/1.1 keep-alive non-HEAD request, the common case;
     * a light copy sharing the encoded bytes otherwise. The server's dispatcher calls it for every answer; call
     * it yourself only when driving {@link HttpCodec} with your own handler. Replies are encoded out of request
     * order on worker models, so the facts travel with the response, not in the codec.
     */
    public Response forRequest(Request request) {
        int flags = ResponseEncoder.flags(request);
        return flags == requestFlags ? this : new Response(status, head, body, writer, close, flags);
    }

    int requestFlags() {
        return requestFlags;
    }

    public static Builder status(int status) {
        return new Builder(status);
    }

    /** 200 with a {@code text/plain} body. */
    public static Response text(String body) {
        return text(200, body);
    }

    public static Response text(int status, String body) {
        return status(status).contentType("text/plain").body(body).build();
    }

    /** 200 with an {@code application/json} body (already serialized). */
    public static Response json(String body) {
        return status(200).contentType("application/json").body(body).build();
    }

    public static Response bytes(int status, String contentType, byte[] body) {
        return status(status).contentType(contentType).body(body).build();
    }

    /** A response with no body ({@code Content-Length: 0}). */
    public static Response empty(int status) {
        return status(status).build();
    }

    /** A body of unknown length, streamed by {@code writer} as chunks. */
    public static Response stream(int status, String contentType, BodyWriter writer) {
        return status(status).contentType(contentType).stream(writer).build();
    }

    public int status() {
        return status;
    }

    /** The body, or null when streamed. Do not modify. */
    byte[] bodyBytes() {
        return body;
    }

    public int bodyLength() {
        return body == null ? -1 : body.length;
    }

    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    byte[] head() {
        return head;
    }

    BodyWriter writer() {
        return writer;
    }

    /** Whether the handler asked to close the connection after this response. */
    public boolean closeRequested() {
        return close;
    }

    boolean streamed() {
        return writer != null;
    }

    /** The cached frame for this second, building it from the second use on; null when not cacheable. */
    Frame frame(DateHeader.Stamp date) {
        Frame f = frame;
        if (f != null && f.second == date.second()) {
            return f;
        }
        if (body == null || close || body.length > FRAME_CACHE_MAX_BODY || uses++ == 0) {
            return null;
        }
        byte[] line = date.line();
        byte[] bytes = new byte[head.length + line.length + 2 + body.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(line, 0, bytes, head.length, line.length);
        bytes[head.length + line.length] = '\r';
        bytes[head.length + line.length + 1] = '\n';
        System.arraycopy(body, 0, bytes, head.length + line.length + 2, body.length);
        f = new Frame(date.second(), bytes);
        frame = f;
        return f;
    }

    @Override
    public String toString() {
        return "Response[" + status + (body != null ? ", " + body.length + " bytes" : ", streamed") + "]";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Builds a {@link Response}. Thread contract: one thread. */
    public static final class Builder {
        private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
        private static final java.util.Map<String, byte[]> COMMON_TYPES = java.util.Map.of(
                "text/plain", ascii("Content-Type: text/plain\r\n"),
                "application/json", ascii("Content-Type: application/json\r\n"),
                "application/octet-stream", ascii("Content-Type: application/octet-stream\r\n"),
                "text/html", ascii("Content-Type: text/html\r\n"),
                "text/plain; charset=utf-8", ascii("Content-Type: text/plain; charset=utf-8\r\n"));

        private final int status;
        private ByteArrayOutputStream headers;
        private String contentType;
        private String server = "shardloop";
        private byte[] body = new byte[0];
        private BodyWriter writer;
        private boolean close;

        private Builder(int status) {
            HttpStatus.check(status);
            this.status = status;
        }

        public Builder contentType(String type) {
            this.contentType = checkValue("Content-Type", type);
            return this;
        }

        /**
         * Adds a header. {@code Content-Length}, {@code Transfer-Encoding} and {@code Date} are the codec's;
         * {@code Connection: close} closes the connection after this response.
         */
        public Builder header(String name, String value) {
            checkName(name);
            checkValue(name, value);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length", "transfer-encoding", "date" ->
                        throw new IllegalArgumentException("header '" + name + "' is set by the codec");
                case "connection" -> {
                    if (!value.equalsIgnoreCase("close")) {
                        throw new IllegalArgumentException("only 'Connection: close' may be set, not '" + value + "'");
                    }
                    close = true;
                }
                case "content-type" -> contentType = value;
                case "server" -> server = value;
                default -> {
                    if (headers == null) {
                        headers = new ByteArrayOutputStream(64);
                    }
                    headers.writeBytes(ascii(name));
                    headers.writeBytes(new byte[] {':', ' '});
                    headers.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
                    headers.writeBytes(CRLF);
                }
            }
            return this;
        }

        /** The body; the array is kept, not copied: do not modify it afterwards. */
        public Builder body(byte[] bytes) {
            this.body = java.util.Objects.requireNonNull(bytes, "body");
            this.writer = null;
            return this;
        }

        public Builder body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            this.writer = null;
            return this;
        }

        public Builder stream(BodyWriter w) {
            this.writer = java.util.Objects.requireNonNull(w, "writer");
            this.body = null;
            return this;
        }

        public Builder close() {
            this.close = true;
            return this;
        }

        /** Encodes the status line and headers once, into one exactly sized array. */
        public Response build() {
            boolean bodyless = HttpStatus.bodyless(status);
            byte[] b = bodyless ? new byte[0] : body;
            BodyWriter w = bodyless ? null : writer;
            byte[] statusLine = HttpStatus.line(status);
            byte[] serverLine = server.equals("shardloop") ? SERVER : ascii("Server: " + server + "\r\n");
            byte[] typeLine = contentType == null || bodyless ? null
                    : COMMON_TYPES.getOrDefault(contentType, null);
            if (typeLine == null && contentType != null && !bodyless) {
                typeLine = ("Content-Type: " + contentType + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
            boolean framed = w == null && !bodyless;
            int lengthDigits = framed ? digits(b.length) : 0;
            int size = statusLine.length + serverLine.length + (typeLine == null ? 0 : typeLine.length)
                    + (headers == null ? 0 : headers.size())
                    + (framed ? CONTENT_LENGTH.length + lengthDigits + 2 : 0);
            byte[] head = new byte[size];
            int p = copy(statusLine, head, 0);
            p = copy(serverLine, head, p);
            if (typeLine != null) {
                p = copy(typeLine, head, p);
            }
            if (headers != null) {
                p = copy(headers.toByteArray(), head, p);
            }
            if (framed) {
                p = copy(CONTENT_LENGTH, head, p);
                for (int i = lengthDigits - 1, n = b.length; i >= 0; i--, n /= 10) {
                    head[p + i] = (byte) ('0' + n % 10);
                }
                p += lengthDigits;
                head[p] = '\r';
                head[p + 1] = '\n';
            }
            return new Response(status, head, b, w, close, ResponseEncoder.DEFAULT_FLAGS);
        }

        private static int digits(int n) {
            int d = 1;
            while (n >= 10) {
                n /= 10;
                d++;
            }
            return d;
        }

        private static int copy(byte[] src, byte[] dst, int at) {
            System.arraycopy(src, 0, dst, at, src.length);
            return at + src.length;
        }

        private static void checkName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c > 127 || !Ascii.token((byte) c)) {
                    throw new IllegalArgumentException("invalid character in header name '" + name + "'");
                }
            }
        }

        private static String checkValue(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException("header '" + name + "' has a null value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c > 255 || !Ascii.fieldValue((byte) c)) {
                    throw new IllegalArgumentException("invalid character in the value of header '" + name + "'");
                }
            }
            return value;
        }
    }
}
