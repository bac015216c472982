package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code TransportConfig.deferAccept}: every event-loop model on epoll serves short connections accepted with their
 * bytes already there, a client that connects and speaks later is still served, and where the listener cannot
 * defer (java.nio, the connection-thread models) the server refuses to start, saying why.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeferAcceptTest {
    private static final int SHORT_CONNECTIONS = 300;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> loopModelsOnEpoll() {
        return io.shardloop.testkit.ModelsOnTransports.loopModels().filter(a -> a.get()[1] == TransportKind.EPOLL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopModelsOnEpoll")
    void shortConnectionsAndALateSpeakerAreServed(ModelKind model, TransportKind transport) throws Exception {
        try (var server = start(model, transport)) {
            for (int i = 0; i < SHORT_CONNECTIONS; i++) {
                try (var c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                    assertThat(exchange(c, "ping-" + i)).isEqualTo("ping-" + i);
                }
            }
            assertThat(accepted(server)).as("connections the loops took").isEqualTo(SHORT_CONNECTIONS);
            try (var late = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
                Thread.sleep(300); // inside the one-second deferral: the kernel holds it, no loop has it
                assertThat(accepted(server)).as("a connection that has sent nothing").isEqualTo(SHORT_CONNECTIONS);
                assertThat(exchange(late, "late")).isEqualTo("late");
                assertThat(accepted(server)).isEqualTo(SHORT_CONNECTIONS + 1);
            }
        }
    }

    @Test
    void theNioTransportRefusesToStart() {
        assertThatThrownBy(() -> start(ModelKind.SINGLE_REACTOR, TransportKind.NIO).close())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("--defer-accept")
                .hasMessageContaining("epoll");
    }

    @Test
    void theConnectionThreadModelsRefuseToStart() {
        for (var model : new ModelKind[] {ModelKind.THREAD_PER_CONNECTION, ModelKind.VIRTUAL_THREADS}) {
            assertThatThrownBy(() -> start(model, TransportKind.EPOLL).close()).as(model.cliName())
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(model.cliName())
                    .hasMessageContaining("TCP_DEFER_ACCEPT");
        }
    }

    private static Server start(ModelKind model, TransportKind transport) throws Exception {
        var config = ServerConfig.builder().port(0).model(model).threads(2).transport(transport)
                .transport(TransportConfig.defaults().withDeferAccept(true)).build();
        return Servers.start(config, StreamEchoCodec::new, EchoHandler.INSTANCE);
    }

    /** Sends {@code text} and reads back as many bytes. */
    private static String exchange(SocketChannel c, String text) throws Exception {
        var bytes = text.getBytes(StandardCharsets.US_ASCII);
        c.write(ByteBuffer.wrap(bytes));
        var in = ByteBuffer.allocate(bytes.length);
        while (in.hasRemaining()) {
            if (c.read(in) < 0) {
                throw new AssertionError("closed after " + in.position() + " bytes");
            }
        }
        return new String(in.array(), StandardCharsets.US_ASCII);
    }

    private static long accepted(Server server) {
        // main-sub's main loop and the sub it hands to both count a connection: count where it is served
        return server.stats().loops().stream().filter(l -> !l.role().equals("main"))
                .mapToLong(LoopStats::connectionsAccepted).sum();
    }
}
