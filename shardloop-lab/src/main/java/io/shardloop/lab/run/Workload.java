package io.shardloop.lab.run;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The workloads of the matrix, by CLI name: what the server speaks and how the load generator drives it. The
 * https ones run the server with {@code --tls-self-signed} (a throw-away certificate made at start) and the load
 * generator unverified ({@code --tls-insecure}: nothing can vouch for that certificate).
 */
public enum Workload {
    /** GET /plaintext on long-lived connections, one request in flight per connection. */
    HTTP_KEEPALIVE("http-keepalive", "http", "/plaintext", false, 1),
    /** GET /plaintext with a new TCP connection per request (seed 000's short connections). */
    HTTP_SHORT("http-short", "http", "/plaintext", true, 1),
    /** GET /plaintext, 16 requests in flight per connection (tests in-order responses under load). */
    HTTP_PIPELINED("http-pipelined", "http", "/plaintext", false, 16),
    /** 64-byte echo messages on long-lived connections (seed 003's asio test). */
    ECHO("echo", "echo", null, false, 1),
    /** GET /plaintext over TLS on long-lived connections: one handshake per connection, then record costs only. */
    HTTPS_KEEPALIVE("https-keepalive", "http", "/plaintext", false, 1, Tls.RESUME),
    /** GET /plaintext over TLS, a new connection and a full handshake per request (no session offered). */
    HTTPS_SHORT("https-short", "http", "/plaintext", true, 1, Tls.FULL),
    /** As https-short, but each new connection resumes an earlier session (an abbreviated handshake). */
    HTTPS_SHORT_RESUMED("https-short-resumed", "http", "/plaintext", true, 1, Tls.RESUME);

    /** Whether a workload speaks TLS and whether its client resumes sessions. */
    public enum Tls { NONE, FULL, RESUME }

    public static final int ECHO_SIZE = 64;

    private final String cliName;
    private final String protocol;
    private final String path;
    private final boolean shortConnections;
    private final int pipeline;
    private final Tls tls;

    Workload(String cliName, String protocol, String path, boolean shortConnections, int pipeline) {
        this(cliName, protocol, path, shortConnections, pipeline, Tls.NONE);
    }

    Workload(String cliName, String protocol, String path, boolean shortConnections, int pipeline, Tls tls) {
        this.tls = tls;
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

    public Tls tls() {
        return tls;
    }

    /** The load generator's URL for a server on {@code port}. */
    public String url(int port) {
        return url("127.0.0.1", port);
    }

    /** The load generator's URL for a server on {@code host:port}. */
    public String url(String host, int port) {
        if (protocol.equals("echo")) {
            return "tcp://" + host + ":" + port;
        }
        return (tls == Tls.NONE ? "http" : "https") + "://" + host + ":" + port + path;
    }

    /** What {@code shardloop serve} needs beyond protocol, model and ports: a certificate for the https ones. */
    public List<String> serverArgs() {
        return tls == Tls.NONE ? List.of() : List.of("--tls-self-signed");
    }

    /** What {@code shardloop load} needs for TLS: no verification (self-signed), and resumption on or off. */
    public List<String> loadTlsArgs() {
        return switch (tls) {
            case NONE -> List.of();
            case FULL -> List.of("--tls-insecure", "--tls-resumption", "off");
            case RESUME -> List.of("--tls-insecure", "--tls-resumption", "on");
        };
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
