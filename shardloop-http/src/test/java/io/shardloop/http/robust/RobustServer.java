package io.shardloop.http.robust;

import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The real HTTP server on one model, with endpoints that misbehave on purpose: /hello, /big (256 KiB),
 * /item (4 KiB), /throw (the handler throws), /never (an async handler that never answers), /slow (400 ms),
 * POST /echo. Counts the requests its handlers saw. Thread contract: start and stop from the test thread.
 */
final class RobustServer implements AutoCloseable {

    static final byte[] BIG = new byte[256 * 1024];
    static final byte[] ITEM = new byte[4 * 1024];

    final HttpServer server;
    private final LongAdder handled;
    private final LongAdder slowStarted;

    private RobustServer(HttpServer server, LongAdder handled, LongAdder slowStarted) {
        this.server = server;
        this.handled = handled;
        this.slowStarted = slowStarted;
    }

    /** /slow requests whose handler has started. */
    long slowStarted() {
        return slowStarted.sum();
    }

    /** Defaults for robustness tests: short timeouts so that the tests stay short. */
    static HttpLimits limits() {
        return HttpLimits.defaults().withHeaderTimeout(Duration.ofSeconds(2)).withIdleTimeout(Duration.ofSeconds(2));
    }

    static RobustServer start(ModelKind model, TransportKind io) {
        return start(model, io, limits(), TransportConfig.defaults());
    }

    static RobustServer start(ModelKind model, TransportKind io, HttpLimits limits, TransportConfig transport) {
        return start(model, io, b -> b.limits(limits).transport(transport));
    }

    /** The server with the defaults above, then whatever {@code customize} sets on the builder. */
    static RobustServer start(ModelKind model, TransportKind io, UnaryOperator<HttpServer.Builder> customize) {
        LongAdder handled = new LongAdder();
        LongAdder slowStarted = new LongAdder();
        var router = Router.builder()
                .get("/hello", r -> count(handled, Response.text("hello\n")))
                .get("/big", r -> count(handled, Response.bytes(200, "application/octet-stream", BIG)))
                .get("/item", r -> count(handled, Response.bytes(200, "application/octet-stream", ITEM)))
                .get("/throw", r -> {
                    handled.increment();
                    throw new IllegalStateException("handler failure injected by the test");
                })
                .getAsync("/never", r -> {
                    handled.increment();
                    return new CompletableFuture<>();
                })
                .get("/slow", r -> {
                    slowStarted.increment();
                    Thread.sleep(400);
                    return count(handled, Response.text("slow\n"));
                })
                .post("/echo", r -> count(handled, Response.bytes(200, "application/octet-stream", r.body())))
                .build();
        var builder = HttpServer.builder()
                .model(model).transport(io).threads(2).workers(4).port(0)
                .limits(limits())
                .shutdownGrace(Duration.ofSeconds(5))
                .router(router);
        var server = customize.apply(builder).start();
        return new RobustServer(server, handled, slowStarted);
    }

    private static Response count(LongAdder handled, Response r) {
        handled.increment();
        return r;
    }

    int port() {
        return server.port();
    }

    long handledRequests() {
        return handled.sum();
    }

    long activeConnections() {
        return server.stats().connectionsActive();
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(2));
    }
}
