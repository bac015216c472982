package io.shardloop.lab.cli;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The timing flags, declared once for every command that measures: {@link Window} ({@code --duration}),
 * {@link Warmup} ({@code --warmup}) and, where a command measures each setting in several windows, {@link Repeats}
 * ({@code --repeats}), {@link Forks} ({@code --forks}) and {@link WarmupCap} ({@code --warmup-cap}). Each command names its own defaults in a {@link Defaults}, which the
 * help shows. picocli mixins; the CLI's main thread.
 */
final class Timing {
    private Timing() {
    }

    /** {@code -d, --duration}: the measured window. */
    static final class Window {
        @Option(names = {"-d", "--duration"}, paramLabel = "D", converter = DurationConverter.class,
                description = "Measured window, e.g. 500ms, 10s, 1m or 1h (default: ${DEFAULT-VALUE}).")
        Duration duration;
    }

    /** {@code -w, --warmup}: load before the measured window, not recorded. */
    static final class Warmup {
        @Option(names = {"-w", "--warmup"}, paramLabel = "W", converter = DurationConverter.class,
                description = "Load before the measured window, not recorded; 0s for none (default: ${DEFAULT-VALUE}).")
        Duration warmup;
    }

    /** {@code --repeats}: several windows per setting (per test for {@code lab ceiling}). */
    static final class Repeats {
        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", converter = CliConverters.Positive.class,
                description = "Measured windows per setting (default: ${DEFAULT-VALUE}). The lab and advise interleave "
                        + "them across the settings (A B C, C B A, ...) so drift hits all alike, and report their "
                        + "median and range; 'lab ceiling' keeps each test's fastest.")
        int repeats;
    }

    /** {@code --forks}: server JVMs per setting. */
    static final class Forks {
        @Option(names = "--forks", paramLabel = "N", converter = CliConverters.Positive.class,
                description = "Server JVMs per setting, each warmed afresh and measured in --repeats windows; a "
                        + "setting's figures pool them (default: ${DEFAULT-VALUE}). Two JVMs of one setting differ "
                        + "more than one JVM's windows do. advise gives the later JVMs only to the settings still in "
                        + "contention; the lab to every setting.")
        int forks;
    }

    /** {@code --warmup-cap}: the longest warm-up of a server warmed until it is steady. */
    static final class WarmupCap {
        @Option(names = "--warmup-cap", paramLabel = "D", converter = DurationConverter.class,
                description = "The longest warm-up: each server's goes on past --warmup while its JIT compiles or its "
                        + "req/s still moves, up to this (default: ${DEFAULT-VALUE}); a server that hits it is named "
                        + "in the report.")
        Duration warmupCap;
    }

    /** A command's defaults for these flags, by long name ({@code --duration -> 2s}): its default value provider. */
    abstract static class Defaults implements IDefaultValueProvider {
        private final Map<String, String> defaults;

        Defaults(Map<String, String> defaults) {
            this.defaults = defaults;
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            return arg instanceof OptionSpec option ? defaults.get(option.longestName()) : null;
        }
    }
}
