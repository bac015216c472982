package io.shardloop.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the settings' enums read as flag values: lower case, '-' for '_'; one parser whose message lists them. */
final class FlagValues {
    private FlagValues() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        for (var v : type.getEnumConstants()) {
            if (of(v).equals(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(FlagValues::of).collect(Collectors.joining(", ")));
    }
}
