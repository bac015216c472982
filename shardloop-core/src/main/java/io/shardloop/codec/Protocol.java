package io.shardloop.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The wire protocols, by CLI name: what {@code serve} speaks and what {@code load} sends, so that both ends name
 * and parse them alike. Immutable; any thread.
 */
public enum Protocol {
    HTTP("http"),
    ECHO("echo");

    private final String cliName;

    Protocol(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in the load generator's JSON. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name (case and surrounding spaces do not matter). */
    public static Protocol parse(String name) {
        for (var p : values()) {
            if (p.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Protocol::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
