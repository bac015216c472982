package io.shardloop.transport.internal.io;

/**
 * A socket an {@link IoDriver} can wait on: a {@link StreamSocket} or a {@link ListenSocket} of the driver's own
 * {@link Transport} (a java.nio socket registers with the NIO driver only, a native one with the epoll driver only).
 */
public interface Pollable {
}
