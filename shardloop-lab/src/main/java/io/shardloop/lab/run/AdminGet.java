package io.shardloop.lab.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One blocking {@code GET} on a fresh connection to 127.0.0.1, for a thread that entered another network namespace:
 * the socket is opened on the calling thread, which java.net.http's client does not promise. Stateless.
 */
final class AdminGet {

    private AdminGet() {
    }

    /** The body if the answer is 200, else empty. */
    static Optional<String> get(int port, String path) throws IOException {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(2_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = s.getInputStream();
            var head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            var headers = head.toString(StandardCharsets.ISO_8859_1);
            if (!headers.startsWith("HTTP/1.1 200")) {
                return Optional.empty();
            }
            long length = -1;
            for (var line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).strip());
                }
            }
            var body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return Optional.of(new String(body, StandardCharsets.UTF_8));
        }
    }
}
