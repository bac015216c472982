package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.testkit.RawHttp.End;
import io.shardloop.model.ModelKind;
import io.shardloop.model.ServerConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server says no politely: over the connection limit a new connection gets 503 and a close; a worker pool
 * that refuses a request answers 503 in its place; an async handler that never answers gets 504 after the
 * handler timeout, and the connection stays usable. Every model where the case applies.
 */
@Timeout(60)
@Tag("slow")
class OverloadTest {

    static final int MAX = 8;

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void overTheConnectionLimitANewConnectionGets503(ModelKind model, TransportKind transport) throws Exception {
        try (var s = RobustServer.start(model, transport, b -> b.limits(RobustServer.limits().withMaxConnections(MAX)))) {
            var held = new ArrayList<RawHttp>();
            try {
                for (int i = 0; i < MAX; i++) {
                    var c = new RawHttp(s.port());
                    held.add(c);
                    c.send(RawHttp.get("/hello"));
                    assertThat(c.read().status()).isEqualTo(200);
                }
                try (var extra = new RawHttp(s.port())) {
                    extra.send(RawHttp.get("/hello"));
                    var r = extra.read();
                    assertThat(r.end()).as("the connection over the limit is answered, not dropped").isEqualTo(End.RESPONSE);
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.closes()).isTrue();
                    assertThat(extra.read().end()).isIn(End.EOF, End.RESET);
                }
                held.removeFirst().close();
                FaultTest.awaitValue(s::activeConnections, MAX - 1, "active connections after one left");
                FaultTest.assertServes(s);
                for (var c : held) {
                    c.send(RawHttp.get("/hello"));
                    assertThat(c.read().status()).as("connections within the limit keep working").isEqualTo(200);
                }
            } finally {
                for (var c : held) {
                    c.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void anAsyncHandlerThatNeverAnswersGets504AfterTheHandlerTimeout(ModelKind model, TransportKind transport) throws Exception {
        try (var s = RobustServer.start(model, transport, b -> b.handlerTimeout(Duration.ofMillis(300)));
             var c = new RawHttp(s.port())) {
            long t0 = System.nanoTime();
            c.send(RawHttp.get("/never"));
            var r = c.read();
            assertThat(r.status()).isEqualTo(504);
            assertThat(ChildServer.sinceNanos(t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(r.closes()).as("504 keeps the connection").isFalse();
            c.send(RawHttp.get("/hello"));
            assertThat(c.read().status()).isEqualTo(200);
            // pipelined behind a request that never answers: the later ones wait for the 504, in order
            c.send(RawHttp.get("/never") + RawHttp.get("/hello"));
            assertThat(c.read().status()).isEqualTo(504);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#workerModels")
    void aRequestTheWorkerPoolRefusesGets503InItsPlace(ModelKind model, TransportKind transport) throws Exception {
        // one worker, one queue slot: the first /slow runs, the second waits, the third is refused
        var config = ServerConfig.builder().model(model).transport(transport).threads(2).workers(1).workerQueue(1).port(0).build();
        try (var s = RobustServer.start(model, transport, b -> b.config(config)); var c = new RawHttp(s.port())) {
            c.send(RawHttp.get("/slow"));
            FaultTest.awaitValue(s::slowStarted, 1, "the worker took the first /slow"); // it sleeps 400 ms
            c.send(RawHttp.get("/slow").repeat(2));
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(200);
            var refused = c.read();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.closes()).isTrue();
            assertThat(c.read().end()).isIn(End.EOF, End.RESET);
            assertThat(s.server.stats().executor().tasksRejected()).isEqualTo(1);
            FaultTest.assertServes(s);
        }
    }
}
