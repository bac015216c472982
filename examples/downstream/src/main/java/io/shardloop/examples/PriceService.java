package io.shardloop.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The slow downstream service of {@link DownstreamApp}, run as its own process as a remote service would be:
 * {@code GET /price?id=X} answers a small JSON price {@code millis} ms after the call arrived. The handler only arms
 * a timer (no thread sleeps through the wait) and the JDK HttpServer's dispatcher thread does the rest, so the
 * service costs little CPU wherever it runs. It prints {@code price-service port N} on stdout once it listens, and
 * exits when its stdin ends: the process that started it closes the pipe to stop it, and a parent that dies
 * without doing so closes it too, so the service never outlives the application. Thread contract: {@link #main}
 * on the main thread; the handler on the dispatcher thread, the answer on the timer thread.
 */
public final class PriceService {

    private PriceService() {
    }

    /** {@code PriceService [millis]}: serves on a free loopback port until stdin ends. */
    public static void main(String[] args) throws IOException {
        long millis = args.length > 0 ? parseMillis(args[0]) : DownstreamApp.DOWNSTREAM_MILLIS;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("price-timer").daemon().factory());
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(null); // the dispatcher thread runs the handler: it only arms a timer
        server.createContext("/price", exchange -> timer.schedule(() -> answer(exchange), millis, TimeUnit.MILLISECONDS));
        server.start();
        System.out.println("price-service port " + server.getAddress().getPort());
        System.out.flush();
        awaitEnd(System.in);
        server.stop(0);
        timer.shutdownNow();
        System.exit(0);
    }

    private static long parseMillis(String s) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("price-service: the delay must be a whole number of milliseconds >= 0, got '" + s + "'");
        System.exit(2);
        return 0;
    }

    private static void awaitEnd(InputStream in) {
        try {
            while (in.read() >= 0) {
                // anything written to stdin is ignored; only its end matters
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
    }

    private static void answer(HttpExchange exchange) {
        var query = exchange.getRequestURI().getQuery();
        var body = ("{\"price\":" + ((query == null ? "" : query).hashCode() & 0xffff) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the caller went away; its HttpClient reports the failure on its side
        }
    }
}
