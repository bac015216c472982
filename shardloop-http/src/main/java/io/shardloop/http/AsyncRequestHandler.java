package io.shardloop.http;

import java.util.concurrent.CompletableFuture;

/**
 * Answers a request later: the future may complete on any thread; the response still leaves in request order.
 * The request passed in is already detached (owned), so it may be used after this call returns. A future that
 * fails, completes with null, or a handler that throws answers 500.
 */
@FunctionalInterface
public interface AsyncRequestHandler {
    CompletableFuture<Response> handle(Request request) throws Exception;
}
