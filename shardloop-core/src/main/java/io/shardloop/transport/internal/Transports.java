package io.shardloop.transport.internal;

import io.shardloop.transport.TransportKind;
import io.shardloop.transport.internal.epoll.EpollTransport;
import io.shardloop.transport.internal.io.Transport;
import io.shardloop.transport.internal.nio.NioTransport;

/**
 * The one switch between the transports: it sits above their packages so that neither the contracts they implement
 * ({@code io}) nor the loop written against them names one. Thread contract: any thread.
 */
public final class Transports {
    private Transports() {
    }

    /**
     * The transport {@code kind} stands for on this machine.
     *
     * @throws IllegalStateException for {@link TransportKind#EPOLL} where it cannot work, with one line saying why
     */
    public static Transport of(TransportKind kind) {
        return switch (kind.resolve()) {
            case EPOLL -> EpollTransport.INSTANCE;
            case NIO -> NioTransport.INSTANCE;
            case AUTO -> throw new AssertionError("resolve() never answers AUTO");
        };
    }
}
