package io.shardloop.http;

/** What answers one request: a synchronous or an asynchronous handler. Immutable; any thread. */
public sealed interface Endpoint {

    record Sync(RequestHandler handler) implements Endpoint {
    }

    record Async(AsyncRequestHandler handler) implements Endpoint {
    }

    static Endpoint of(RequestHandler handler) {
        return new Sync(handler);
    }

    static Endpoint async(AsyncRequestHandler handler) {
        return new Async(handler);
    }
}
