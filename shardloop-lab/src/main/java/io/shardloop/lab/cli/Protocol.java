package io.shardloop.lab.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The protocols {@code shardloop serve} speaks, by CLI name. */
public enum Protocol {
    ECHO("echo"),
    HTTP("http");

    private final String cliName;

    Protocol(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Protocol parse(String name) {
        for (var p : values()) {
            if (p.cliName.equals(name)) {
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
