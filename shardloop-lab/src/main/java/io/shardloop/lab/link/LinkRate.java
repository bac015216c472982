package io.shardloop.lab.link;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A link rate in tc's units ({@code 200mbit}, {@code 25mbps}, {@code 1gbit}; a bare number is bits per second, as
 * in tc), kept as bits per second and as the text tc is given. Immutable.
 */
public record LinkRate(long bitsPerSecond, String tc) {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-z]*)");

    public LinkRate {
        if (bitsPerSecond < 8_000) {
            throw new IllegalArgumentException("a link rate below 8kbit cannot carry a TCP handshake in time, got " + tc);
        }
    }

    /** Parses {@code text}; throws with the accepted forms if it is not a tc rate. */
    public static LinkRate parse(String text) {
        var m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(usage(text));
        }
        double n = Double.parseDouble(m.group(1));
        double bits = switch (m.group(2)) {
            case "", "bit" -> n;
            case "kbit" -> n * 1e3;
            case "mbit" -> n * 1e6;
            case "gbit" -> n * 1e9;
            case "bps" -> n * 8;
            case "kbps" -> n * 8e3;
            case "mbps" -> n * 8e6;
            case "gbps" -> n * 8e9;
            default -> throw new IllegalArgumentException(usage(text));
        };
        if (bits > 100e9) {
            throw new IllegalArgumentException("a link rate above 100gbit is no cap on veth, got '" + text + "'");
        }
        return new LinkRate(Math.round(bits), Math.round(bits) + "bit");
    }

    private static String usage(String text) {
        return "'" + text + "' is not a rate in tc's units; expected e.g. 200mbit, 1gbit, 500kbit or 25mbps "
                + "(bit, kbit, mbit, gbit per second; bps, kbps, mbps, gbps are bytes per second)";
    }

    public double bytesPerSecond() {
        return bitsPerSecond / 8.0;
    }

    @Override
    public String toString() {
        return bitsPerSecond % 1_000_000 == 0 ? bitsPerSecond / 1_000_000 + "mbit"
                : bitsPerSecond % 1_000 == 0 ? bitsPerSecond / 1_000 + "kbit" : bitsPerSecond + "bit";
    }
}
