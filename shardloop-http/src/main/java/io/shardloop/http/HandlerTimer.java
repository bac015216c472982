package io.shardloop.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread ({@code shardloop-timer}, daemon, started on first use) that answers async handlers
 * past their timeout. Cancelled timeouts leave its queue at once. Thread contract: any thread.
 */
final class HandlerTimer {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private HandlerTimer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        var t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("shardloop-timer").daemon(true).factory());
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static ScheduledFuture<?> schedule(Runnable task, Duration after) {
        return TIMER.schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
    }
}
