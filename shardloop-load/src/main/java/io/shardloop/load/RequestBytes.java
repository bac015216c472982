package io.shardloop.load;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Encodes the one request a run sends, once, before the run starts. Stateless. */
final class RequestBytes {

    private RequestBytes() {
    }

    /** The bytes of one request for {@code spec}. */
    static byte[] encode(LoadSpec spec) {
        return spec.protocol() == Protocol.HTTP ? http(spec) : echo(spec);
    }

    /** The echo payload: printable, position-dependent bytes so that a misplaced byte is caught. */
    static byte[] echoPayload(int size) {
        var p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) ('a' + (i % 26));
        }
        return p;
    }

    private static byte[] echo(LoadSpec spec) {
        byte[] payload = echoPayload(spec.size());
        if (spec.echoCodec() == EchoFraming.STREAM) {
            return payload;
        }
        var framed = new byte[4 + payload.length];
        int n = payload.length;
        framed[0] = (byte) (n >>> 24);
        framed[1] = (byte) (n >>> 16);
        framed[2] = (byte) (n >>> 8);
        framed[3] = (byte) n;
        System.arraycopy(payload, 0, framed, 4, n);
        return framed;
    }

    private static byte[] http(LoadSpec spec) {
        var sb = new StringBuilder(128);
        sb.append(spec.method()).append(' ').append(spec.target().pathAndQuery()).append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        boolean connection = false;
        for (String h : spec.headers()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).strip();
            String value = h.substring(colon + 1).strip();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "host" -> host = true;
                case "content-length", "transfer-encoding" -> length = true;
                case "connection" -> connection = true;
                default -> { }
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        }
        if (!host) {
            sb.insert(sb.indexOf("\r\n") + 2, "Host: " + spec.target().hostHeader() + "\r\n");
        }
        byte[] body = spec.body();
        boolean bodyMethod = spec.method().equals("POST") || spec.method().equals("PUT") || spec.method().equals("PATCH");
        if (!length && (body != null || bodyMethod)) {
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        if (!connection && spec.mode() == Mode.SHORT) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        var out = new ByteArrayOutputStream(sb.length() + (body == null ? 0 : body.length));
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }
}
