package io.shardloop.lab.run;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The workloads of the matrix, by CLI name: what the server speaks and how the load generator drives it. */
public enum Workload {
    /** GET /plaintext on long-lived connections, one request in flight per connection. */
    HTTP_KEEPALIVE("http-keepalive", "http", "/plaintext", false, 1),
    /** GET /plaintext with a new TCP connection per request (seed 000's short connections). */
    HTTP_SHORT("http-short", "http", "/plaintext", true, 1),
    /** GET /plaintext, 16 requests in flight per connection (tests in-order responses under load). */
    HTTP_PIPELINED("http-pipelined", "http", "/plaintext", false, 16),
    /** 64-byte echo messages on long-lived connections (seed 003's asio test). */
    ECHO("echo", "echo", null, false, 1);

    public static final int ECHO_SIZE = 64;

    private final String cliName;
    private final String protocol;
    private final String path;
    private final boolean shortConnections;
    private final int pipeline;

    Workload(String cliName, String protocol, String path, boolean shortConnections, int pipeline) {
        this.cliName = cliName;
        this.protocol = protocol;
        this.path = path;
        this.shortConnections = shortConnections;
        this.pipeline = pipeline;
    }

    public String cliName() {
        return cliName;
    }

    /** The server's {@code --protocol}: http or echo. */
    public String protocol() {
        return protocol;
    }

    public boolean shortConnections() {
        return shortConnections;
    }

    public int pipeline() {
        return pipeline;
    }

    /** The load generator's URL for a server on {@code port}. */
    public String url(int port) {
        return url("127.0.0.1", port);
    }

    /** The load generator's URL for a server on {@code host:port}. */
    public String url(String host, int port) {
        return protocol.equals("echo") ? "tcp://" + host + ":" + port : "http://" + host + ":" + port + path;
    }

    public static Workload parse(String name) {
        for (var w : values()) {
            if (w.cliName.equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Workload::cliName).collect(Collectors.joining(", "));
    }

    public static List<Workload> parseList(List<String> names) {
        return names.stream().map(String::trim).map(Workload::parse).distinct().toList();
    }

    @Override
    public String toString() {
        return cliName;
    }
}
