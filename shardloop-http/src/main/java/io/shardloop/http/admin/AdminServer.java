package io.shardloop.http.admin;

import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The admin listener (priority isolation, seed 003): the {@link AdminEndpoints} on one event loop of its own,
 * thread {@code shardloop-admin}, apart from the data-path loops, so that /health answers within milliseconds
 * while the data port is saturated. Its loop appears in /stats with role {@code admin}.
 * Thread contract: any thread; {@link #close} is idempotent.
 */
public final class AdminServer implements AutoCloseable {

    public static final String THREAD_NAME = "shardloop-admin";
    /** The port {@code shardloop serve} uses unless told otherwise. */
    public static final int DEFAULT_PORT = 9901;

    private final Server server;

    private AdminServer(Server server) {
        this.server = server;
    }

    /**
     * Binds {@code host:port} (0: a free port, see {@link #port()}) and serves the admin routes on its own loop.
     *
     * @param dataStats the data server's counters; the admin loop's own are appended to its loops
     * @param watchdog  whose stall counters /metrics reports, or null
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static AdminServer start(String host, int port, Supplier<ServerStats> dataStats, StallWatchdog watchdog) {
        return start(host, port, TransportKind.AUTO, dataStats, watchdog);
    }

    /** The same on the given transport (the data server's, so that one flag decides for both). */
    public static AdminServer start(String host, int port, TransportKind transportKind, Supplier<ServerStats> dataStats,
                                    StallWatchdog watchdog) {
        Objects.requireNonNull(dataStats, "dataStats");
        var self = new AtomicReference<Server>();
        Supplier<ServerStats> withAdminLoop = () -> withLoopsOf(dataStats.get(), self.get());
        var endpoints = new AdminEndpoints(withAdminLoop, watchdog);
        var limits = HttpLimits.defaults();
        var transport = TransportConfig.defaults().withTimeouts(limits.idleTimeout(), limits.headerTimeout())
                .withMaxConnections(Math.min(limits.maxConnections(), 256));
        var config = ServerConfig.builder().host(host).port(port).threads(1).transport(transport).transport(transportKind)
                .shutdownGrace(Duration.ofSeconds(1)).build();
        var server = Servers.startSingleLoop(THREAD_NAME, "admin", config, () -> new HttpCodec(limits),
                new EndpointHandler(endpoints.router()));
        self.set(server);
        return new AdminServer(server);
    }

    private static ServerStats withLoopsOf(ServerStats data, Server admin) {
        if (admin == null) {
            return data;
        }
        var loops = new ArrayList<LoopStats>(data.loops());
        loops.addAll(admin.stats().loops());
        return new ServerStats(data.model(), data.uptimeNanos(), loops, data.executor(),
                data.connectionThreadsCreated(), data.connectionsActive(), data.messages(), data.transport(), data.tls());
    }

    public int port() {
        return server.port();
    }

    /** The admin loop's own server (its loop is {@code shardloop-admin}). */
    public Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
    }
}
