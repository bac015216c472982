package io.shardloop.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** The open-connection budget of one server. Thread contract: any thread. */
public final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionLimit(int max) {
        this.max = max;
    }

    /** Takes a slot; false when the server is full. */
    public boolean tryAcquire() {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
