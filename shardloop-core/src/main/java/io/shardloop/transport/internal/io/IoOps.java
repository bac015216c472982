package io.shardloop.transport.internal.io;

import java.nio.channels.SelectionKey;

/** Interest and readiness bits shared by every {@link IoDriver} (same values as NIO's, so NIO maps 1:1). */
public final class IoOps {
    public static final int READ = SelectionKey.OP_READ;
    public static final int WRITE = SelectionKey.OP_WRITE;
    public static final int ACCEPT = SelectionKey.OP_ACCEPT;

    private IoOps() {
    }
}
