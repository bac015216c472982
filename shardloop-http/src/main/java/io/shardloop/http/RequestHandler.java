package io.shardloop.http;

/**
 * Answers a request right away. Runs where the threading model says (a loop, a worker, a connection thread);
 * the request is valid only during the call unless {@link Request#detach() detached}. Throwing answers 500.
 */
@FunctionalInterface
public interface RequestHandler {
    Response handle(Request request) throws Exception;
}
