package io.shardloop.load;

/** The wire protocol the generator speaks: HTTP/1.1 or the echo protocol. Immutable, any thread. */
public enum Protocol {
    HTTP("http"),
    ECHO("echo");

    private final String cliName;

    Protocol(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in the JSON result. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name; throws {@link LoadSpecException} naming {@code --protocol} otherwise. */
    public static Protocol parse(String text) {
        for (var p : values()) {
            if (p.cliName.equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new LoadSpecException("--protocol", "accepts http or echo, got '" + text + "'");
    }
}
