package io.shardloop.http.admin;

import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.Endpoints;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.stats.ServerStats;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The admin routes: {@code GET /health} (200 "ok"), {@code GET /metrics} (Prometheus text), {@code GET /stats}
 * (JSON: {@link ServerStats} plus "threads" from /proc) and {@code GET /threads} (a thread dump). They can be
 * installed on the isolated admin server ({@link AdminServer}) or, to show what isolation buys, on the data
 * server's own router. Thread contract: the handlers may run on any thread, concurrently.
 */
public final class AdminEndpoints {

    private static final Response HEALTHY = Response.text("ok\n");
    private static final byte[] HEALTH = "/health".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATS = "/stats".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<ServerStats> stats;
    private final StallWatchdog watchdog;
    private final ThreadCpu threads = new ThreadCpu();

    /**
     * @param stats     the data server's counters, read on every /stats and /metrics
     * @param watchdog  the stall watchdog whose counters /metrics reports, or null
     */
    public AdminEndpoints(Supplier<ServerStats> stats, StallWatchdog watchdog) {
        AdminDependencies.require();
        this.stats = Objects.requireNonNull(stats, "stats");
        this.watchdog = watchdog;
    }

    /** Adds the four routes to {@code routes}. */
    public Router.Builder install(Router.Builder routes) {
        return routes.get("/health", r -> HEALTHY)
                .get("/metrics", r -> Response.bytes(200, PrometheusMetrics.CONTENT_TYPE,
                        PrometheusMetrics.write(stats.get(), watchdog)))
                .get("/stats", r -> Response.bytes(200, "application/json", statsJson()))
                .get("/threads", r -> Response.bytes(200, "text/plain; charset=utf-8",
                        ThreadDump.text().getBytes(StandardCharsets.UTF_8)));
    }

    /** Installs only {@code /health} and {@code /stats} (what the data server serves with isolation off). */
    public Router.Builder installHealthAndStats(Router.Builder routes) {
        return routes.get("/health", r -> HEALTHY)
                .get("/stats", r -> Response.bytes(200, "application/json", statsJson()));
    }

    /**
     * Isolation off: {@code data} with {@code GET /health} and {@code GET /stats} answered by these endpoints,
     * so they run on the data path's own threads and queue behind its load (the lab's comparison).
     */
    public Endpoints overlay(Endpoints data) {
        Objects.requireNonNull(data, "data");
        var admin = installHealthAndStats(Router.builder()).build();
        return request -> request.pathEquals(HEALTH) || request.pathEquals(STATS) ? admin.select(request)
                : data.select(request);
    }

    /** A router with the four routes. */
    public Router router() {
        return install(Router.builder()).build();
    }

    byte[] statsJson() {
        return StatsJson.write(stats.get(), threads.read());
    }
}
