package io.shardloop.tls;

/**
 * Where a loop model runs the CPU-heavy part of a TLS handshake (the engine's delegated tasks: key exchange,
 * signature). {@code loop}: on the connection's loop, which serves no other connection meanwhile; {@code workers}:
 * on an executor, with the connection's reads paused until they finish. The connection-thread models always run
 * it on the connection's own thread.
 */
public enum TlsHandshake {
    LOOP("loop"),
    WORKERS("workers");

    private final String cliName;

    TlsHandshake(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The mode named {@code name} ({@code loop} or {@code workers}). */
    public static TlsHandshake parse(String name) {
        for (var h : values()) {
            if (h.cliName.equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown TLS handshake mode '" + name + "'; use loop or workers");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
