package io.shardloop.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How main-sub's main loop picks the sub-loop for an accepted connection ({@code --dispatch}): in turn, or the
 * sub-loop with the fewest connections (Seastar's choice), which evens out loops whose connections live unequally
 * long (a round-robin over short and long connections can leave one loop with all the long ones).
 */
public enum SubLoopChoice {
    ROUND_ROBIN,
    LEAST_CONNECTIONS;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SubLoopChoice parse(String text) {
        for (var c : values()) {
            if (c.cliName().equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown dispatch '" + text + "'; expected one of "
                + Arrays.stream(values()).map(SubLoopChoice::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName();
    }
}
