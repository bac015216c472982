package io.shardloop.lab.cli;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;

/**
 * Builds the codec and handler of each protocol and starts the server: the one switch to extend when a
 * protocol is added. Thread contract: any thread.
 */
final class ProtocolServers {
    private ProtocolServers() {
    }

    /**
     * The options of {@code serve} that only some protocols read.
     *
     * @param adminOnDataPort HTTP only: also answer GET /health and GET /stats on the data port's own loops
     *                        ({@code --admin-isolation=false})
     * @param routes          HTTP only: an application's routes ({@code --app-jar}), or null for the benchmark
     *                        endpoints
     */
    record Options(EchoFraming echoFraming, boolean adminOnDataPort, Router routes) {
        Options(EchoFraming echoFraming) {
            this(echoFraming, false, null);
        }
    }

    static Server start(Protocol protocol, ServerConfig config, Options options) {
        return switch (protocol) {
            case ECHO -> Servers.start(config, options.echoFraming().codecFactory(), EchoHandler.INSTANCE);
            case HTTP -> startHttp(config, options);
        };
    }

    /** HTTP: the application's routes or the benchmark endpoints (GET /plaintext, GET /json, POST /echo) with the
     * default HTTP limits but the connection cap, taken from the config's transport (serve --max-connections). */
    private static Server startHttp(ServerConfig config, Options options) {
        var limits = HttpLimits.defaults().withMaxConnections(config.transport().maxConnections());
        return HttpServer.builder().config(config).limits(limits).router(options.routes() != null ? options.routes() : BenchmarkEndpoints.router())
                .adminIsolation(!options.adminOnDataPort()).start();
    }
}
