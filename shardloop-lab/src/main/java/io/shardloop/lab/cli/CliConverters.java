package io.shardloop.lab.cli;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.lab.link.LinkRate;
import io.shardloop.model.ModelKind;
import io.shardloop.model.ReuseportBalance;
import io.shardloop.model.SubLoopChoice;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.TransportKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters whose messages say what a flag accepts. Thread contract: any thread. */
final class CliConverters {
    private CliConverters() {
    }

    /** A flag value read by the type's own parser, whose message says what the flag accepts. */
    abstract static class Parsed<T> implements ITypeConverter<T> {
        private final java.util.function.Function<String, T> parser;

        Parsed(java.util.function.Function<String, T> parser) {
            this.parser = parser;
        }

        @Override
        public T convert(String value) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Model extends Parsed<ModelKind> {
        Model() {
            super(value -> ModelKind.parse(value.trim())); // lists split at commas may keep a space
        }
    }

    static final class Rate extends Parsed<LinkRate> {
        Rate() {
            super(LinkRate::parse);
        }
    }

    static final class Transport extends Parsed<TransportKind> {
        Transport() {
            super(TransportKind::parse);
        }
    }

    static final class Dispatch extends Parsed<SubLoopChoice> {
        Dispatch() {
            super(SubLoopChoice::parse);
        }
    }

    static final class Balance extends Parsed<ReuseportBalance> {
        Balance() {
            super(ReuseportBalance::parse);
        }
    }

    static final class Executor extends Parsed<ExecutorKind> {
        Executor() {
            super(ExecutorKind::parse);
        }
    }

    static final class Proto extends Parsed<Protocol> {
        Proto() {
            super(Protocol::parse);
        }
    }

    static final class Framing extends Parsed<EchoFraming> {
        Framing() {
            super(EchoFraming::parse);
        }
    }

    /** A TCP port, 0..65535 (0: any free port). */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port; expected a number in 0..65535");
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException("'" + value + "' is not a port; expected a number in 0..65535");
            }
            return port;
        }
    }

    /** A worker models' inline policy: never, adaptive, busy, busy:N, non-blocking. */
    static final class Inline extends Parsed<InlinePolicy> {
        Inline() {
            super(InlinePolicy::parse);
        }
    }

    /** true or false. */
    static final class Bool implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new TypeConversionException("'" + value + "' is not true or false");
            };
        }
    }

    /** A count of at least one. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number; expected an integer >= 1");
            }
            if (n < 1) {
                throw new TypeConversionException("'" + value + "' is too small; expected an integer >= 1");
            }
            return n;
        }
    }

    /** on or off, as the lower-case word. */
    static final class OnOff implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            var v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("on") && !v.equals("off")) {
                throw new TypeConversionException("'" + value + "' is not on or off");
            }
            return v;
        }
    }

    /** {@code --tls-handshake}: loop or workers. */
    static final class Handshake implements ITypeConverter<TlsHandshake> {
        @Override
        public TlsHandshake convert(String value) {
            try {
                return TlsHandshake.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
