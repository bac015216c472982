package io.shardloop.http.server;

import io.shardloop.exec.BusyProbe;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.AsyncRequestHandler;
import io.shardloop.http.Endpoint;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.Endpoints;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.RequestHandler;
import io.shardloop.http.admin.AdminDependencies;
import io.shardloop.http.admin.AdminEndpoints;
import io.shardloop.http.admin.AdminServer;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;
import io.shardloop.model.Watchdogs;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsKeys;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP/1.1 server on any threading model: {@link HttpCodec} + {@link EndpointHandler} started with
 * {@link Servers#start}. The limits of {@link HttpLimits} that the transport enforces (header timeout, idle
 * timeout, connection count) are mapped onto its {@link TransportConfig}.
 *
 * <pre>{@code
 * var server = HttpServer.builder()
 *         .model(ModelKind.MAIN_SUB).threads(2).port(8080)
 *         .router(Router.builder().get("/users/{id}", r -> Response.text("user " + r.pathParam("id"))).build())
 *         .adminPort(9901)                       // optional: /health /metrics /stats /threads on shardloop-admin
 *         .watchdog(StallWatchdog.Config.defaults()) // optional: warn when a loop or worker stalls
 *         .start();
 * }</pre>
 * It sits in a package of its own, above the codec ({@code http}) and the admin listener ({@code http.admin}),
 * because it wires both together. Thread contract: {@link Server}'s (any thread).
 */
public final class HttpServer implements Server {

    private final Server server;
    private final EndpointHandler endpointHandler;
    private final HttpLimits limits;
    /** The isolated admin listener, or null (off by default). */
    private final AdminServer admin;
    /** The stall watchdog and its registration, or null (off by default). */
    private final StallWatchdog watchdog;
    private final AutoCloseable watching;

    private HttpServer(Server server, EndpointHandler endpointHandler, HttpLimits limits, AdminServer admin,
                       StallWatchdog watchdog, AutoCloseable watching) {
        this.server = server;
        this.endpointHandler = endpointHandler;
        this.limits = limits;
        this.admin = admin;
        this.watchdog = watchdog;
        this.watching = watching;
    }

    /** The admin listener's port, or -1 when there is none ({@link Builder#adminPort}). */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The stall watchdog, or null when off ({@link Builder#watchdog}). */
    public StallWatchdog watchdog() {
        return watchdog;
    }

    @Override
    public List<? extends BusyProbe> workerProbes() {
        return server.workerProbes();
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpLimits limits() {
        return limits;
    }

    /** Requests answered 500 because a handler failed. */
    public long handlerFailures() {
        return endpointHandler.handlerFailures();
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
    public String transport() {
        return server.transport();
    }

    @Override
    public List<? extends BusyProbe> loopProbes() {
        return server.loopProbes();
    }

    /** The underlying server of the threading model. */
    public Server server() {
        return server;
    }

    @Override
    public ServerStats stats() {
        return server.stats();
    }

    /** Stops the data server first, so that /health keeps answering while it drains, then admin and watchdog. */
    @Override
    public boolean shutdown(Duration grace) {
        boolean clean = server.shutdown(grace);
        if (admin != null) {
            admin.close();
        }
        if (watching != null) {
            try {
                watching.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            watchdog.close();
        }
        return clean;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Collects the settings; every one has a default except what answers requests. Thread contract: one thread. */
    public static final class Builder {
        private ServerConfig.Builder config = ServerConfig.builder();
        private Duration handlerTimeout = Duration.ZERO;
        private HttpLimits limits = HttpLimits.defaults();
        private TransportConfig transport = TransportConfig.defaults();
        private Endpoints endpoints;
        private int adminPort = -1;
        private String adminHost = "127.0.0.1";
        private boolean adminIsolation = true;
        private StallWatchdog.Config watchdog;
        private TlsConfig tls;

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

        /** The loop models' transport: epoll, nio, or auto (epoll where it runs; the default). */
        public Builder transport(TransportKind kind) {
            config.transport(kind);
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

        /**
         * An async handler not answered after this gets 504 and the connection stays usable (default ZERO:
         * no timeout). Synchronous handlers are not timed out (a blocked one holds its thread).
         */
        public Builder handlerTimeout(Duration timeout) {
            this.handlerTimeout = Objects.requireNonNull(timeout, "timeout");
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

        /**
         * Turns the admin listener on: /health, /metrics, /stats, /threads on a loop thread of its own
         * ({@code shardloop-admin}), apart from the data loops. 0 picks a free port ({@link HttpServer#adminPort()}).
         * Off by default.
         */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("admin port must be in 0..65535, got " + port);
            }
            this.adminPort = port;
            return this;
        }

        /** Address of the admin listener (default {@code 127.0.0.1}). */
        public Builder adminHost(String host) {
            this.adminHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * With {@code false}, GET /health and GET /stats are also served by the data port's own loops, where they
         * queue behind the data load: the lab's comparison for priority isolation. Default true (not served there).
         */
        public Builder adminIsolation(boolean isolated) {
            this.adminIsolation = isolated;
            return this;
        }

        /** Turns the stall watchdog on ({@code shardloop-watchdog}); off by default. */
        public Builder watchdog(StallWatchdog.Config config) {
            this.watchdog = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Serves HTTPS on every model with {@code config} (its keys and options); ALPN offers {@code http/1.1} unless
         * the config names its own. Off by default (plaintext).
         */
        public Builder tls(TlsConfig config) {
            this.tls = Objects.requireNonNull(config, "config");
            return this;
        }

        /** HTTPS with {@code context}'s keys and the default options ({@link TlsConfig#builder}). */
        public Builder tls(SSLContext context) {
            return tls(TlsConfig.of(context));
        }

        /** HTTPS with a PEM certificate chain and its PEM (PKCS#8) key; a bad file fails here, naming it. */
        public Builder tlsPem(Path certificate, Path key) {
            return tls(TlsKeys.fromPem(certificate, key));
        }

        /** HTTPS with the first key of a PKCS#12 keystore; a bad file or password fails here, naming the file. */
        public Builder tlsKeystore(Path keystore, char[] password) {
            return tls(TlsKeys.fromPkcs12(keystore, password));
        }

        /** Worker models: when a handler runs on the loop instead of a worker (default never). */
        public Builder inline(InlinePolicy policy) {
            config.inline(policy);
            return this;
        }

        /**
         * The HTTP server takes the transport's idle timeout, partial-message timeout and connection cap from
         * {@link HttpLimits}; a transport setting changed from its default to something else would be silently
         * replaced, so it is refused instead, naming both.
         */
        private static void refuseConflicts(TransportConfig transport, HttpLimits limits) {
            var defaults = TransportConfig.defaults();
            refuse("idleTimeout", transport.idleTimeout(), defaults.idleTimeout(), "idleTimeout", limits.idleTimeout());
            refuse("partialMessageTimeout", transport.partialMessageTimeout(), defaults.partialMessageTimeout(),
                    "headerTimeout", limits.headerTimeout());
            refuse("maxConnections", transport.maxConnections(), defaults.maxConnections(), "maxConnections",
                    limits.maxConnections());
        }

        private static void refuse(String name, Object set, Object byDefault, String limitName, Object limit) {
            if (!set.equals(byDefault) && !set.equals(limit)) {
                throw new IllegalArgumentException("TransportConfig." + name + " " + set + " conflicts with HttpLimits."
                        + limitName + " " + limit + ": an HTTP server takes it from HttpLimits, so set it there");
            }
        }

        /** Binds and starts; throws {@link java.io.UncheckedIOException} when the port cannot be bound. */
        public HttpServer start() {
            if (endpoints == null) {
                throw new IllegalStateException("no router or handler set: call router(...), handler(...) or asyncHandler(...)");
            }
            refuseConflicts(transport, limits);
            if (adminPort >= 0 || !adminIsolation) {
                AdminDependencies.require(); // before the port opens
            }
            var t = transport.withTimeouts(limits.idleTimeout(), limits.headerTimeout())
                    .withMaxConnections(limits.maxConnections());
            var secure = tls != null ? tls : t.tls();
            if (secure != null) {
                t = t.withTls(secure.withDefaultAlpn("http/1.1"));
            }
            var self = new AtomicReference<Server>();
            var dog = watchdog == null ? null : new StallWatchdog(watchdog);
            var routes = endpoints;
            if (!adminIsolation) {
                routes = new AdminEndpoints(() -> self.get().stats(), dog).overlay(routes);
            }
            var endpointHandler = new EndpointHandler(routes, handlerTimeout);
            HttpLimits l = limits;
            var built = config.transport(t).build();
            Server s;
            try {
                s = Servers.start(built, () -> new HttpCodec(l), endpointHandler);
            } catch (RuntimeException e) {
                if (dog != null) {
                    dog.close();
                }
                throw e;
            }
            self.set(s);
            AdminServer adminServer = null;
            try {
                adminServer = adminPort < 0 ? null : AdminServer.start(adminHost, adminPort, built.transportKind(), s::stats, dog);
            } catch (RuntimeException e) {
                s.shutdown(Duration.ZERO);
                if (dog != null) {
                    dog.close();
                }
                throw e;
            }
            AutoCloseable watching = dog == null ? null : Watchdogs.watch(dog, s);
            return new HttpServer(s, endpointHandler, l, adminServer, dog, watching);
        }
    }
}
