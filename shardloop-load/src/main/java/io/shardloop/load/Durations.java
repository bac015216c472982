package io.shardloop.load;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every command-line flag: a number with unit {@code us}, {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 500us}, {@code 250ms}, {@code 1.5s}, {@code 1m}, {@code 1h}; a bare number means
 * seconds), and a short printed form. Stateless.
 */
public final class Durations {

    /** What a duration flag accepts, for the messages that refuse a value. */
    public static final String ACCEPTS = "a duration like 500us, 250ms, 2s, 1m or 1h";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code text} for {@code flag}. Throws {@link LoadSpecException} naming the flag when the text is not a
     * duration, e.g. {@code --duration accepts a duration like 500us, 250ms, 2s, 1m or 1h, got 'ten'}.
     */
    public static Duration parse(String flag, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new LoadSpecException(flag, e.getMessage());
        }
    }

    /**
     * Parses {@code text}; the message of the {@link IllegalArgumentException} a bad text gets says what is
     * accepted ({@code accepts a duration like ..., got 'ten'}), for the caller to put after the flag's name.
     */
    public static Duration parse(String text) {
        var m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("accepts " + ACCEPTS + ", got '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        double nanos = value * nanosPerUnit;
        if (nanos > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("accepts a duration up to a few years, got '" + text + "'");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** A short human form: 10s, 500ms, 1m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 || ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }
}
