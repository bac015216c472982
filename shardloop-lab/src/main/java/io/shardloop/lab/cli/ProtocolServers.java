package io.shardloop.lab.cli;

import io.shardloop.codec.echo.EchoFraming;
import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.model.Servers;

/**
 * Builds the codec and handler of each protocol and starts the server: the one switch to extend when a
 * protocol is added. Thread contract: any thread.
 */
final class ProtocolServers {
    private ProtocolServers() {
    }

    /** The options of {@code serve} that only some protocols read. */
    record Options(EchoFraming echoFraming) {
    }

    static Server start(Protocol protocol, ServerConfig config, Options options) {
        return switch (protocol) {
            case ECHO -> Servers.start(config, options.echoFraming().codecFactory(), EchoHandler.INSTANCE);
            case HTTP -> startHttp(config);
        };
    }

    /** HTTP: wired by the HTTP module (codec + router of the benchmark endpoints). */
    private static Server startHttp(ServerConfig config) {
        throw new UnsupportedOperationException("--protocol http is not available in this build yet; use --protocol echo");
    }
}
