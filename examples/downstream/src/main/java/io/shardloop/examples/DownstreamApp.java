package io.shardloop.examples;

import com.sun.net.httpserver.HttpServer;
import io.shardloop.http.Response;
import io.shardloop.http.app.ShardloopApp;
import io.shardloop.http.router.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A handler that waits on another service: {@code GET /quote/{id}} asks a slow downstream HTTP service for a price
 * through the JDK {@link HttpClient} (a blocking {@code send}) and wraps the answer. The downstream service is
 * started by this application on a free loopback port and takes {@value #DOWNSTREAM_MILLIS} ms per call, as a
 * remote service on the same network would. Thread contract: start and stop on the serving thread; the handler
 * on any thread (HttpClient is thread-safe).
 */
public final class DownstreamApp implements ShardloopApp {

    static final int DOWNSTREAM_MILLIS = 5;

    private HttpServer downstream;
    private ExecutorService downstreamThreads;
    private HttpClient client;
    private URI base;

    @Override
    public void start() throws IOException {
        downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        downstreamThreads = Executors.newVirtualThreadPerTaskExecutor(); // the wait costs the service nothing
        downstream.setExecutor(downstreamThreads);
        downstream.createContext("/price", exchange -> {
            try {
                Thread.sleep(DOWNSTREAM_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var body = ("{\"price\":" + (exchange.getRequestURI().getQuery().hashCode() & 0xffff) + "}")
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        downstream.start();
        base = URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/price");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public Router routes() {
        return Router.builder().get("/quote/{id}", r -> Response.json(quote(r.pathParam("id")))).build();
    }

    private String quote(String id) {
        var request = HttpRequest.newBuilder(URI.create(base + "?id=" + id)).timeout(Duration.ofSeconds(2)).build();
        try {
            var price = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return "{\"id\":\"" + id + "\",\"quote\":" + price + "}";
        } catch (IOException e) {
            throw new IllegalStateException("downstream call failed", e); // answered as 500
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the downstream service", e);
        }
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (downstream != null) {
            downstream.stop(0);
            downstreamThreads.close();
        }
    }
}
