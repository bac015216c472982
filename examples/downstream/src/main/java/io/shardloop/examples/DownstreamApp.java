package io.shardloop.examples;

import io.shardloop.http.Response;
import io.shardloop.http.app.ShardloopApp;
import io.shardloop.http.router.Router;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handler that waits on another service: {@code GET /quote/{id}} asks a slow downstream HTTP service for a price
 * through the JDK {@link HttpClient} (a blocking {@code send}) and wraps the answer. The downstream service
 * ({@link PriceService}) runs in a process of its own, started here, and answers each call
 * {@value #DOWNSTREAM_MILLIS} ms after it arrived, as a remote service on the same network would: its CPU is not the
 * server's, and in a lab run it sits on the load generator's CPUs ({@link ShardloopApp#LOAD_CPUS_ENV}), off the
 * server's. The one shared client speaks HTTP/1.1 (no HTTP/2 upgrade attempt) and finishes each exchange on its
 * selector thread (no hop to a worker thread per response). Thread contract: start and stop on the serving thread;
 * the handler on any thread (HttpClient is thread-safe).
 */
public final class DownstreamApp implements ShardloopApp {

    static final int DOWNSTREAM_MILLIS = 5;
    private static final long START_TIMEOUT_SECONDS = 20;

    private Process downstream;
    private HttpClient client;
    private URI base;

    @Override
    public void start() throws IOException, InterruptedException {
        downstream = new ProcessBuilder(priceServiceCommand(System.getenv(LOAD_CPUS_ENV)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int port = awaitPort(downstream);
        base = URI.create("http://127.0.0.1:" + port + "/price");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run) // complete on the selector thread; send() itself waits on the caller's thread
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The same java and class path as this application's, pinned to {@code cpus} when given and taskset is there. */
    static List<String> priceServiceCommand(String cpus) {
        var cmd = new ArrayList<String>();
        if (cpus != null && !cpus.isBlank() && onPath("taskset")) {
            cmd.addAll(List.of("taskset", "-c", cpus.strip()));
        }
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-cp", ownClassPath(),
                PriceService.class.getName(), Integer.toString(DOWNSTREAM_MILLIS)));
        return cmd;
    }

    private static String ownClassPath() {
        try {
            return Path.of(PriceService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the price service's classes", e);
        }
    }

    static boolean onPath(String program) {
        var path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Reads the service's {@code price-service port N} line; a service that exits or stays silent fails the start. */
    private static int awaitPort(Process p) throws IOException, InterruptedException {
        var reader = p.inputReader(StandardCharsets.US_ASCII);
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        }, runnable -> Thread.ofPlatform().daemon().name("price-service-start").start(runnable));
        try {
            var first = line.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (first != null && first.startsWith("price-service port ")) {
                return Integer.parseInt(first.substring("price-service port ".length()).strip());
            }
            throw new IOException("the price service did not start (exit " + (p.isAlive() ? "none" : p.exitValue())
                    + ", said: " + first + ")");
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            p.destroyForcibly();
            throw new IOException("the price service did not say its port within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
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

    /** Closes the client, then the service's stdin, which ends it; one that lingers is killed. */
    @Override
    public void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (downstream != null) {
            try {
                downstream.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
            if (!downstream.waitFor(3, TimeUnit.SECONDS)) {
                downstream.destroyForcibly().waitFor();
            }
        }
    }
}
