package io.shardloop.http;

/**
 * Picks the endpoint for a request (a router, or one handler for everything). Called on the thread that runs
 * handlers, concurrently for different connections: implementations are immutable or thread-safe. Never null.
 */
@FunctionalInterface
public interface Endpoints {
    Endpoint select(Request request);
}
