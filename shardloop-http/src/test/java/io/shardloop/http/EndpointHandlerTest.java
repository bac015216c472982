package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import io.shardloop.http.router.Router;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The dispatcher's contract: errors become 500, async answers go through Exchange.defer(). */
class EndpointHandlerTest {

    /** Records a deferral like the transport does. */
    static final class RecordingExchange implements Exchange<Response> {
        final AtomicReference<Response> completed = new AtomicReference<>();
        int deferrals;

        @Override
        public Deferred<Response> defer() {
            deferrals++;
            return new Deferred<>() {
                @Override
                public void complete(Response reply) {
                    completed.compareAndSet(null, reply);
                }

                @Override
                public void fail(Throwable cause) {
                    throw new AssertionError("the dispatcher answers 500 instead of failing", cause);
                }
            };
        }
    }

    private static Request get(String path) {
        return CodecRun.of("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n", 0).requests.getFirst();
    }

    @Test
    void throwingHandlerIs500() {
        var d = new EndpointHandler(r -> Endpoint.of(x -> {
            throw new IllegalStateException("boom");
        }));
        assertThat(d.handle(get("/"), new RecordingExchange()).status()).isEqualTo(500);
        assertThat(d.handlerFailures()).isEqualTo(1);
        var nulls = new EndpointHandler(r -> Endpoint.of(x -> null));
        assertThat(nulls.handle(get("/"), new RecordingExchange()).status()).isEqualTo(500);
    }

    @Test
    void completedFutureAnswersInline() {
        var d = new EndpointHandler(r -> Endpoint.async(x -> CompletableFuture.completedFuture(Response.text("now"))));
        var ex = new RecordingExchange();
        assertThat(d.handle(get("/"), ex).bodyText()).isEqualTo("now");
        assertThat(ex.deferrals).isZero();
    }

    @Test
    void pendingFutureDefersWithADetachedRequest() {
        var future = new CompletableFuture<Response>();
        var seen = new AtomicReference<Request>();
        var d = new EndpointHandler(r -> Endpoint.async(x -> {
            seen.set(x);
            return future;
        }));
        var ex = new RecordingExchange();
        assertThat(d.handle(get("/later"), ex)).isNull();
        assertThat(ex.deferrals).isEqualTo(1);
        assertThat(seen.get().isDetached()).isTrue();
        future.complete(Response.text(seen.get().path()));
        assertThat(ex.completed.get().bodyText()).isEqualTo("/later");
    }

    @Test
    void failedFutureIs500() {
        var future = new CompletableFuture<Response>();
        var d = new EndpointHandler(r -> Endpoint.async(x -> future));
        var ex = new RecordingExchange();
        d.handle(get("/"), ex);
        future.completeExceptionally(new RuntimeException("db down"));
        assertThat(ex.completed.get().status()).isEqualTo(500);
        var failedNow = new EndpointHandler(r -> Endpoint.async(x -> CompletableFuture.failedFuture(new RuntimeException())));
        assertThat(failedNow.handle(get("/"), new RecordingExchange()).status()).isEqualTo(500);
    }

    @Test
    void benchmarkEndpointsAnswerAsTechEmpowerDefines() {
        var d = new EndpointHandler(BenchmarkEndpoints.router());
        var plain = d.handle(get("/plaintext"), new RecordingExchange());
        assertThat(plain.bodyText()).isEqualTo("Hello, World!");
        assertThat(d.handle(get("/plaintext"), new RecordingExchange())).isSameAs(plain);
        assertThat(d.handle(get("/json"), new RecordingExchange()).bodyText()).isEqualTo("{\"message\":\"Hello, World!\"}");
        var echo = CodecRun.of("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: text/x\r\nContent-Length: 4\r\n\r\nping", 0)
                .requests.getFirst();
        assertThat(d.handle(echo, new RecordingExchange()).bodyText()).isEqualTo("ping");
        assertThat(d.handle(get("/json"), new RecordingExchange()).status()).isEqualTo(200);
        assertThat(new EndpointHandler(Router.builder().build()).handle(get("/x"), new RecordingExchange()).status())
                .isEqualTo(404);
    }
}
