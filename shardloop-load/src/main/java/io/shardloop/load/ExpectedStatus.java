package io.shardloop.load;

import java.util.BitSet;

/**
 * The HTTP statuses that count as success, e.g. {@code 2xx} (the default), {@code 200}, {@code 200,301,4xx}.
 * Immutable after construction; read by every loop thread.
 */
public final class ExpectedStatus {

    private static final String ACCEPTS = "accepts status codes or classes separated by commas, e.g. 200 or 2xx,304";

    private final BitSet codes;
    private final String text;

    private ExpectedStatus(BitSet codes, String text) {
        this.codes = codes;
        this.text = text;
    }

    /** The default: any 2xx. */
    public static ExpectedStatus successful() {
        return parse("2xx");
    }

    /** Parses a comma-separated list of codes (100-599) and classes (1xx-5xx). */
    public static ExpectedStatus parse(String text) {
        if (text == null || text.isBlank()) {
            throw new LoadSpecException("--expect-status", ACCEPTS + ", got nothing");
        }
        var codes = new BitSet(600);
        for (String part : text.split(",")) {
            String p = part.strip().toLowerCase(java.util.Locale.ROOT);
            if (p.matches("[1-5]xx")) {
                int base = (p.charAt(0) - '0') * 100;
                codes.set(base, base + 100);
            } else if (p.matches("[1-5]\\d\\d")) {
                codes.set(Integer.parseInt(p));
            } else {
                throw new LoadSpecException("--expect-status", ACCEPTS + ", got '" + text + "'");
            }
        }
        return new ExpectedStatus(codes, text.strip());
    }

    public boolean matches(int status) {
        return status >= 0 && codes.get(status);
    }

    @Override
    public String toString() {
        return text;
    }
}
