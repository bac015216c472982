package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.server.Servers;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle every model shares (one base class since the models stopped writing their own): many threads
 * shutting down at once run the stop once and all get its answer, a waiter in awaitTermination wakes, the port
 * is free again, and close() afterwards is a no-op.
 */
@Timeout(60)
class ServerLifecycleTest {
    private static final int CALLERS = 8;

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void concurrentShutdownsStopOnceAndAllAgree(ModelKind model, TransportKind transport) throws Exception {
        var server = Servers.start(ServerConfig.builder().port(0).model(model).threads(2).workers(2)
                .transport(transport).build(), StreamEchoCodec::new, EchoHandler.INSTANCE);
        int port = server.port();
        assertThat(server.model()).isEqualTo(model);
        try (var client = new Socket("127.0.0.1", port)) {
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(readExactly(client.getInputStream(), 4)).isEqualTo("ping");
        }
        var waiter = CompletableFuture.runAsync(() -> {
            try {
                server.awaitTermination();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        var start = new CyclicBarrier(CALLERS);
        var pool = Executors.newFixedThreadPool(CALLERS);
        try {
            var answers = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < CALLERS; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return server.shutdown(Duration.ofSeconds(2));
                }));
            }
            for (var a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).as("every caller gets the clean stop's answer").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        waiter.get(10, TimeUnit.SECONDS);
        assertThat(server.shutdown(Duration.ZERO)).as("a later call answers the first stop's result").isTrue();
        server.close();
        assertThat(server.stats().uptimeNanos()).isPositive();
        try (var rebind = new ServerSocket()) {
            rebind.setReuseAddress(true);
            rebind.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }
}
