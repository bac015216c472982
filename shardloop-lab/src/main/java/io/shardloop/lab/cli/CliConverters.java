package io.shardloop.lab.cli;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.model.ModelKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters whose messages say what a flag accepts. Thread contract: any thread. */
final class CliConverters {
    private CliConverters() {
    }

    static final class Model implements ITypeConverter<ModelKind> {
        @Override
        public ModelKind convert(String value) {
            try {
                return ModelKind.parse(value.trim()); // lists split at commas may keep a space
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Executor implements ITypeConverter<ExecutorKind> {
        @Override
        public ExecutorKind convert(String value) {
            try {
                return ExecutorKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Proto implements ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            try {
                return Protocol.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Framing implements ITypeConverter<EchoFraming> {
        @Override
        public EchoFraming convert(String value) {
            try {
                return EchoFraming.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
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
    static final class Inline implements ITypeConverter<InlinePolicy> {
        @Override
        public InlinePolicy convert(String value) {
            try {
                return InlinePolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
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
}
