package io.shardloop.load;

/** How echo requests are framed: 4-byte big-endian length + payload, or a raw byte stream. Immutable. */
public enum EchoCodec {
    FRAMED("framed"),
    STREAM("stream");

    private final String cliName;

    EchoCodec(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name; throws {@link LoadSpecException} naming {@code --echo-codec} otherwise. */
    public static EchoCodec parse(String text) {
        for (var c : values()) {
            if (c.cliName.equalsIgnoreCase(text.strip())) {
                return c;
            }
        }
        throw new LoadSpecException("--echo-codec", "accepts framed or stream, got '" + text + "'");
    }
}
