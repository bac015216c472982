package io.shardloop.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date: <IMF-fixdate>\r\n} header line, formatted at most once a second and shared as bytes by every
 * connection. Thread contract: any thread; a stale read for a few microseconds past a second boundary is harmless.
 */
public final class DateHeader {

    /** One second's header line; {@code second} is epoch seconds. */
    public record Stamp(long second, byte[] line) {
    }

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile Stamp current = format(System.currentTimeMillis() / 1000);

    private DateHeader() {
    }

    /** The line for the current second (re-formatted only when the second changed). */
    public static Stamp now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = current;
        if (s.second != second) {
            s = format(second);
            current = s;
        }
        return s;
    }

    /** The current value without the name, e.g. {@code Mon, 23 Nov 2026 12:56:25 GMT}. */
    public static String value() {
        byte[] line = now().line;
        return new String(line, 6, line.length - 8, StandardCharsets.US_ASCII);
    }

    private static Stamp format(long second) {
        String line = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n";
        return new Stamp(second, line.getBytes(StandardCharsets.US_ASCII));
    }
}
