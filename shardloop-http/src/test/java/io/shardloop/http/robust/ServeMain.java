package io.shardloop.http.robust;

import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.util.HashMap;

/**
 * The server a {@link ChildServer} runs in a JVM of its own: the benchmark endpoints on {@code --model},
 * {@code --transport}, {@code --threads}, {@code --workers} and {@code --port}, with {@code HttpServer}'s defaults
 * otherwise. Prints {@code serving http on HOST:PORT} once listening, then serves until killed.
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        var flags = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --flag value pairs, got " + args[i]);
            }
            flags.put(args[i], args[i + 1]);
        }
        if (!"http".equals(flags.getOrDefault("--protocol", "http"))) {
            throw new IllegalArgumentException("--protocol: only http is served here");
        }
        var server = HttpServer.builder()
                .model(ModelKind.parse(flags.getOrDefault("--model", "single-reactor")))
                .transport(TransportKind.parse(flags.getOrDefault("--transport", "auto")))
                .threads(Integer.parseInt(flags.getOrDefault("--threads", "1")))
                .workers(Integer.parseInt(flags.getOrDefault("--workers", "2")))
                .port(Integer.parseInt(flags.getOrDefault("--port", "0")))
                .router(BenchmarkEndpoints.install(Router.builder()).build())
                .start();
        System.out.printf("serving http on 127.0.0.1:%d, model %s, transport %s%n", server.port(),
                flags.getOrDefault("--model", "single-reactor"), server.transport());
        System.out.flush();
        Thread.currentThread().join(); // until the test kills this JVM
    }
}
