package io.shardloop.lab.cli;

import io.shardloop.load.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every duration flag of every command: {@link Durations}' grammar ({@code 500us}, {@code 250ms}, {@code 2s},
 * {@code 1m}, {@code 1h}; a bare number is seconds). picocli puts the flag's name before the message. Stateless.
 */
public class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not " + Durations.ACCEPTS);
        }
    }

    /** A duration above zero: a threshold or a grace period, where 0 means nothing. */
    public static final class Positive extends DurationConverter {
        @Override
        public Duration convert(String value) {
            var d = super.convert(value);
            if (d.isZero()) {
                throw new TypeConversionException("'" + value + "' is not above zero; expected " + Durations.ACCEPTS);
            }
            return d;
        }
    }
}
