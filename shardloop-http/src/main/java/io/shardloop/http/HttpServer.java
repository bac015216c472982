package io.shardloop.http;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.model.Servers;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.TransportConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP/1.1 server on any threading model: {@link HttpCodec} + {@link HttpDispatcher} started with
 * {@link Servers#start}. The limits of {@link HttpLimits} that the transport enforces (header timeout, idle
 * timeout, connection count) are mapped onto its {@link TransportConfig}.
 *
 * <pre>{@code
 * var server = HttpServer.builder()
 *         .model(ModelKind.MAIN_SUB).threads(2).port(8080)
 *         .router(Router.builder().get("/users/{id}", r -> Response.text("user " + r.pathParam("id"))).build())
 *         .start();
 * }</pre>
 * Thread contract: {@link Server}'s (any thread).
 */
public final class HttpServer implements Server {

    private final Server server;
    private final HttpDispatcher dispatcher;
    private final HttpLimits limits;

    private HttpServer(Server server, HttpDispatcher dispatcher, HttpLimits limits) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpLimits limits() {
        return limits;
    }

    /** Requests answered 500 because a handler failed. */
    public long handlerFailures() {
        return dispatcher.handlerFailures();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public ModelKind model() {
        return server.model();
    }

    @Override
    public java.util.List<io.shardloop.transport.EventLoop> loops() {
        return server.loops();
    }

    /** The underlying server of the threading model. */
    public Server server() {
        return server;
    }

    @Override
    public ServerStats stats() {
        return server.stats();
    }

    @Override
    public boolean shutdown(Duration grace) {
        return server.shutdown(grace);
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Collects the settings; every one has a default except what answers requests. Thread contract: one thread. */
    public static final class Builder {
        private ServerConfig.Builder config = ServerConfig.builder();
        private HttpLimits limits = HttpLimits.defaults();
        private TransportConfig transport = TransportConfig.defaults();
        private Endpoints endpoints;

        private Builder() {
        }

        /**
         * Takes every server setting (host, port, model, threads, workers, executor, grace, transport) from
         * {@code base}; the transport's timeouts and connection cap are still set from {@link #limits}.
         */
        public Builder config(ServerConfig base) {
            this.config = base.toBuilder();
            this.transport = base.transport();
            return this;
        }

        /** Threading model (default {@code single-reactor}). */
        public Builder model(ModelKind model) {
            config.model(model);
            return this;
        }

        /** Event loops (see {@link ServerConfig#threads()}; default: available processors). */
        public Builder threads(int threads) {
            config.threads(threads);
            return this;
        }

        /** Worker threads of the worker models (default: 2 x available processors). */
        public Builder workers(int workers) {
            config.workers(workers);
            return this;
        }

        /** Worker executor of the worker models (default {@code global-queue}). */
        public Builder executor(ExecutorKind executor) {
            config.executor(executor);
            return this;
        }

        /** Address to bind (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            config.host(host);
            return this;
        }

        /** Port to bind; 0 picks a free one (default 8080). */
        public Builder port(int port) {
            config.port(port);
            return this;
        }

        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Buffers and watermarks of the transport; its timeouts and connection cap come from {@link #limits}. */
        public Builder transport(TransportConfig transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** How long {@link Server#close()} lets in-flight requests finish (default 5 s). */
        public Builder shutdownGrace(Duration grace) {
            config.shutdownGrace(grace);
            return this;
        }

        /** What answers requests: a {@link io.shardloop.http.router.Router} or any {@link Endpoints}. */
        public Builder router(Endpoints router) {
            this.endpoints = Objects.requireNonNull(router, "router");
            return this;
        }

        /** One handler for every request. */
        public Builder handler(RequestHandler handler) {
            Endpoint e = Endpoint.of(Objects.requireNonNull(handler, "handler"));
            this.endpoints = r -> e;
            return this;
        }

        /** One asynchronous handler for every request. */
        public Builder asyncHandler(AsyncRequestHandler handler) {
            Endpoint e = Endpoint.async(Objects.requireNonNull(handler, "handler"));
            this.endpoints = r -> e;
            return this;
        }

        /** Binds and starts; throws {@link java.io.UncheckedIOException} when the port cannot be bound. */
        public HttpServer start() {
            if (endpoints == null) {
                throw new IllegalStateException("no router or handler set: call router(...), handler(...) or asyncHandler(...)");
            }
            var t = transport.withTimeouts(limits.idleTimeout(), limits.headerTimeout())
                    .withMaxConnections(limits.maxConnections());
            var dispatcher = new HttpDispatcher(endpoints);
            HttpLimits l = limits;
            Server s = Servers.start(config.transport(t).build(), () -> new HttpCodec(l), dispatcher);
            return new HttpServer(s, dispatcher, l);
        }
    }
}
