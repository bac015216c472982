package io.shardloop.codec.echo;

import io.shardloop.codec.CodecFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The echo codecs by CLI name: {@code stream} (raw bytes) and {@code frame} (4-byte big-endian length + payload).
 * {@code serve} and {@code load} both take these names, so that the two ends agree. Immutable; any thread.
 */
public enum EchoFraming {
    STREAM("stream"),
    FRAME("frame");

    private final String cliName;

    EchoFraming(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public CodecFactory<EchoMessage, EchoMessage> codecFactory() {
        return switch (this) {
            case STREAM -> StreamEchoCodec::new;
            case FRAME -> FrameEchoCodec::new;
        };
    }

    /** Parses a CLI name (case and surrounding spaces do not matter). */
    public static EchoFraming parse(String name) {
        for (var f : values()) {
            if (f.cliName.equals(name.strip().toLowerCase(java.util.Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown echo codec '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(EchoFraming::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
