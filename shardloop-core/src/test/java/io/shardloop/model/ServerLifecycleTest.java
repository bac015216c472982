package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.Handler;
import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.EchoMessage;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle every model shares (one base class since the models stopped writing their own): many threads
 * shutting down at once run the stop once and all get its answer, a waiter in awaitTermination wakes, the port
 * is free again, and close() afterwards is a no-op; a loop stalled by its handler makes the stop give up at the
 * deadline and say so once per step.
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

    /**
     * A handler that blocks its loop past the grace: the stop steps that need the loop give up at the deadline
     * (not the set-up steps' 10 s), while the loop is still stalled, each logged once with its cause, and the stop
     * says it was not clean; when the handler returns, the loop stops and the port is free.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#loopHandlerModels")
    void aStalledLoopFailsItsStopStepsAtTheDeadlineAndLogsEachOnce(ModelKind model, TransportKind transport)
            throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var stalled = new AtomicBoolean(true);
        Handler<EchoMessage, EchoMessage> stalling = (message, exchange) -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            stalled.set(false);
            return message;
        };
        var records = new ConcurrentLinkedQueue<LogRecord>();
        var whileStalled = new ConcurrentLinkedQueue<Boolean>();
        var capture = new java.util.logging.Handler() {
            @Override
            public void publish(LogRecord r) {
                // the stop's own loggers: the server's steps and the step runner beside them
                var from = r.getLoggerName();
                if (r.getLevel().intValue() >= Level.WARNING.intValue()
                        && (from.endsWith(".RunningServer") || from.endsWith(".Loops"))) {
                    records.add(r);
                    whileStalled.add(stalled.get());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var log = Logger.getLogger("io.shardloop.model.internal");
        log.addHandler(capture);
        var server = Servers.start(ServerConfig.builder().port(0).model(model).threads(1)
                .transport(transport).build(), StreamEchoCodec::new, stalling);
        int port = server.port();
        var releaser = Executors.newSingleThreadScheduledExecutor();
        try (var client = new Socket("127.0.0.1", port)) {
            client.getOutputStream().write("stall".getBytes(StandardCharsets.US_ASCII));
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("the handler runs").isTrue();
            // the loop is stalled until 1.5 s from now, well past the 200 ms grace
            releaser.schedule(release::countDown, 1500, TimeUnit.MILLISECONDS);
            assertThat(server.shutdown(Duration.ofMillis(200))).as("a stop past a stalled loop is not clean").isFalse();
        } finally {
            release.countDown();
            releaser.shutdownNow();
            log.removeHandler(capture);
        }
        // one line per failed step, each the server's (none from the step runner beside it)
        var messages = records.stream().map(LogRecord::getMessage).toList();
        assertThat(messages).as("each failed step logged once").isNotEmpty().doesNotHaveDuplicates()
                .allMatch(m -> m.startsWith(model.cliName() + " on port " + port + ": shutdown not clean: "));
        var stepFailures = records.stream().filter(r -> r.getThrown() != null).toList();
        assertThat(stepFailures).as("a step the stalled loop did not run, with its cause").isNotEmpty()
                .allMatch(r -> r.getMessage().contains("shutdown not clean"))
                .allMatch(r -> r.getThrown().getMessage().contains("did not run the step within"));
        assertThat(whileStalled.stream().limit(1))
                .as("the first failure is logged at the deadline, not after the stall").containsExactly(true);
        try (var rebind = new ServerSocket()) {
            rebind.setReuseAddress(true);
            rebind.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }
}
