package io.shardloop.http;

import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The transport-level handler of the HTTP server: selects the endpoint, runs it, and turns anything a handler
 * throws (or a failed future) into a 500 that keeps the connection open. Async endpoints get a detached request
 * and answer through {@link Exchange#defer()}. Thread contract: {@link Handler}'s; stateless apart from counters.
 */
public final class EndpointHandler implements Handler<Request, Response> {

    private static final System.Logger LOG = System.getLogger(EndpointHandler.class.getName());
    static final Response INTERNAL_ERROR = Response.text(500, "500 Internal Server Error\n");

    static final Response HANDLER_TIMEOUT = Response.text(504, "504 Gateway Timeout: the handler did not answer in time\n");

    private final Endpoints endpoints;
    private final Duration handlerTimeout;
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder handlerTimeouts = new LongAdder();

    public EndpointHandler(Endpoints endpoints) {
        this(endpoints, Duration.ZERO);
    }

    /**
     * @param handlerTimeout an async handler whose future is not done this long after the request is answered
     *                       504 (the connection stays open; the late answer is dropped); ZERO = wait forever.
     *                       A synchronous handler that blocks holds its thread: no timeout can answer for it.
     */
    public EndpointHandler(Endpoints endpoints, Duration handlerTimeout) {
        this.endpoints = java.util.Objects.requireNonNull(endpoints, "endpoints");
        this.handlerTimeout = java.util.Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        if (handlerTimeout.isNegative()) {
            throw new IllegalArgumentException("handlerTimeout must be >= 0, was " + handlerTimeout);
        }
    }

    /** Requests answered 504 because an async handler did not answer within the handler timeout. */
    public long handlerTimeouts() {
        return handlerTimeouts.sum();
    }

    /** Requests answered 500 because the handler threw, returned null, or its future failed. */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    @Override
    public Response handle(Request request, Exchange<Response> exchange) {
        try {
            Response r = switch (endpoints.select(request)) {
                case Endpoint.Sync s -> orError(s.handler().handle(request), request, null);
                case Endpoint.Async a -> async(a.handler(), request.detach(), exchange);
            };
            return r == null ? null : r.forRequest(request);
        } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
            return failed(request, e).forRequest(request);
        }
    }

    private Response async(AsyncRequestHandler handler, Request owned, Exchange<Response> exchange) throws Exception {
        CompletableFuture<Response> future = handler.handle(owned);
        if (future == null) {
            return failed(owned, new NullPointerException("async handler returned no future"));
        }
        if (future.isDone()) {
            try {
                return orError(future.join(), owned, null);
            } catch (RuntimeException e) {
                return failed(owned, e);
            }
        }
        Deferred<Response> deferred = exchange.defer();
        if (handlerTimeout.isPositive()) {
            // the deferred takes the first answer: the 504, or the handler's if it comes first
            var timeout = HandlerTimer.schedule(() -> {
                if (!future.isDone()) {
                    handlerTimeouts.increment();
                    deferred.complete(HANDLER_TIMEOUT.forRequest(owned));
                }
            }, handlerTimeout);
            future.whenComplete((response, error) -> timeout.cancel(false));
        }
        future.whenComplete((response, error) -> deferred.complete(orError(response, owned, error).forRequest(owned)));
        return null;
    }

    private Response orError(Response response, Request request, Throwable error) {
        if (error != null) {
            return failed(request, error);
        }
        return response != null ? response : failed(request, new NullPointerException("handler returned no response"));
    }

    private Response failed(Request request, Throwable error) {
        handlerFailures.increment();
        LOG.log(System.Logger.Level.WARNING, () -> "handler failed on " + safe(request) + "; answered 500", error);
        return INTERNAL_ERROR;
    }

    private static String safe(Request request) {
        try {
            return request.method() + " " + request.path();
        } catch (RuntimeException e) {
            return "a request";
        }
    }
}
