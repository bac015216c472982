package io.shardloop.lab.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.stats.ServerStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a server's admin listener (GET /stats, GET /health), on the lab's loopback or, through a {@link ServerNet},
 * on the loopback of the server's own network namespace. Thread-safe.
 */
public final class AdminClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final ServerNet net;

    public AdminClient(int port) {
        this(port, ServerNet.HERE);
    }

    /** A client whose connections open where {@code net} says (the server's namespace with {@code --link netns}). */
    public AdminClient(int port, ServerNet net) {
        this.port = port;
        this.net = net;
    }

    /** The server's /stats, or empty when the admin listener does not answer (yet). */
    public Optional<ServerStats> stats() {
        try {
            var body = get("/stats");
            return body.map(AdminClient::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a /stats body (the ServerStats fields; extra fields such as "threads" are ignored). */
    public static ServerStats parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return MAPPER.treeToValue(node, ServerStats.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a /stats document: " + e.getMessage(), e);
        }
    }

    /** GET {@code path}: the body if the answer is 200, else empty. */
    public Optional<String> get(String path) {
        if (net != ServerNet.HERE) {
            try {
                return net.call(() -> AdminGet.get(port, path));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        try {
            var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            var resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? Optional.of(resp.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
