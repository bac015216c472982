package io.shardloop.examples;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A handler that waits on another service: {@code GET /quote/{id}} asks a slow downstream HTTP service for a price
 * through the JDK {@link HttpClient} (a blocking {@code send}) and wraps the answer. The downstream service is
 * started by this application on a free loopback port and answers each call {@value #DOWNSTREAM_MILLIS} ms after
 * it arrived, as a remote service on the same network would. Both sides are built to cost little CPU, since they
 * share the server's CPUs and the lab counts their CPU as the server's: the downstream's handler only arms a timer
 * (no thread sleeps through the 5 ms), and the one shared client speaks HTTP/1.1 (no HTTP/2 upgrade attempt) and
 * finishes each exchange on its selector thread (no hop to a worker thread per response). Thread contract: start
 * and stop on the serving thread; the handler on any thread (HttpClient is thread-safe).
 */
public final class DownstreamApp implements ShardloopApp {

    static final int DOWNSTREAM_MILLIS = 5;

    private HttpServer downstream;
    private ScheduledExecutorService timer;
    private HttpClient client;
    private URI base;

    @Override
    public void start() throws IOException {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("downstream-timer").daemon().factory());
        downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        downstream.setExecutor(null); // the handler runs on the HttpServer's dispatcher thread: it only arms a timer
        downstream.createContext("/price", exchange -> timer.schedule(() -> price(exchange), DOWNSTREAM_MILLIS, TimeUnit.MILLISECONDS));
        downstream.start();
        base = URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/price");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run) // complete on the selector thread; send() itself waits on the caller's thread
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The downstream's answer, sent by the timer thread when the call's 5 ms are up. */
    private static void price(HttpExchange exchange) {
        var body = ("{\"price\":" + (exchange.getRequestURI().getQuery().hashCode() & 0xffff) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the caller went away; its HttpClient reports the failure on its side
        }
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
            timer.shutdownNow();
        }
    }
}
