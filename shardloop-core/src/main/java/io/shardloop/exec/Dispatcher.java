package io.shardloop.exec;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The dispatch point of a worker model: hands a handler call to the executor, or runs it right here on the
 * loop when the {@link InlinePolicy} says so, counting each path. Thread contract: {@link #dispatch} from the
 * loop threads (any thread, in fact); {@link #stats} from any thread.
 */
public final class Dispatcher {

    /** Which way a call went. */
    public enum Path { OFFLOADED, INLINE_BUSY, INLINE_NON_BLOCKING }

    private final WorkerExecutor executor;
    private final InlinePolicy policy;
    private final LongAdder inlinedBusy = new LongAdder();
    private final LongAdder inlinedNonBlocking = new LongAdder();

    public Dispatcher(WorkerExecutor executor, InlinePolicy policy) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public WorkerExecutor executor() {
        return executor;
    }

    public InlinePolicy policy() {
        return policy;
    }

    /**
     * Runs {@code call} inline or on the executor. Inline runs happen on the calling thread before this returns;
     * a task rejected by the executor throws {@link java.util.concurrent.RejectedExecutionException} as
     * {@code execute} does.
     */
    public Path dispatch(Runnable call, boolean handlerNonBlocking) {
        if (policy.nonBlocking() && handlerNonBlocking) {
            inlinedNonBlocking.increment();
            call.run();
            return Path.INLINE_NON_BLOCKING;
        }
        if (policy.whenBusy() && executor.queuedEstimate() > policy.busyThreshold()) {
            inlinedBusy.increment();
            call.run();
            return Path.INLINE_BUSY;
        }
        executor.execute(call);
        return Path.OFFLOADED;
    }

    public long inlinedWhenBusy() {
        return inlinedBusy.sum();
    }

    public long inlinedNonBlocking() {
        return inlinedNonBlocking.sum();
    }

    /** The executor's counters with this dispatch point's inline counts. */
    public ExecutorStats stats() {
        return executor.stats().withInlined(inlinedBusy.sum(), inlinedNonBlocking.sum());
    }
}
