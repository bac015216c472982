package io.shardloop.load;

import java.time.Duration;
import java.util.regex.Pattern;

/** Parses and prints durations such as {@code 10s}, {@code 500ms}, {@code 1m}, {@code 1.5s}. Stateless. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code text} for {@code flag}: a number with unit us, ms, s, m or h (a bare number means seconds).
     * Throws {@link LoadSpecException} naming the flag when the text is not of that form.
     */
    public static Duration parse(String flag, String text) {
        var m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new LoadSpecException(flag, "accepts a duration like 10s, 500ms, 1m or 1h, got '" + text + "'");
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
            throw new LoadSpecException(flag, "accepts a duration up to a few years, got '" + text + "'");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** A short human form: 10s, 500ms, 1m30s. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 || ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 60 == 0 && s >= 60 ? (s / 60) + "m" : s + "s";
    }
}
