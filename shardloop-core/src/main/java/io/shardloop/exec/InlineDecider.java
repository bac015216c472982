package io.shardloop.exec;

import java.util.Objects;

/**
 * The inline decision of a worker model's dispatch point: hand a handler call to the executor, or run it right
 * here on the loop when the {@link InlinePolicy} says so. Inline runs are counted by the executor
 * ({@link WorkerExecutor#countInline}), so that its stats say where every handler call ran.
 * Thread contract: any thread (the loops); stateless apart from the executor's counters.
 */
public final class InlineDecider {

    /** Which way a call went. */
    public enum Path { OFFLOADED, INLINE_BUSY, INLINE_NON_BLOCKING }

    private final WorkerExecutor executor;
    private final InlinePolicy policy;

    public InlineDecider(WorkerExecutor executor, InlinePolicy policy) {
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
     * Decides where the next call runs and counts an inline decision; the caller then runs the call itself
     * (inline) or submits it. Non-blocking handlers first (no queue read), then the busy check.
     */
    public Path choose(boolean handlerNonBlocking) {
        if (policy.nonBlocking() && handlerNonBlocking) {
            executor.countInline(false);
            return Path.INLINE_NON_BLOCKING;
        }
        if (policy.whenBusy() && executor.queuedEstimate() > policy.busyThreshold()) {
            executor.countInline(true);
            return Path.INLINE_BUSY;
        }
        return Path.OFFLOADED;
    }

    /**
     * {@link #choose} and act on it: runs {@code call} on the calling thread before returning, or submits it
     * (a rejection throws {@link java.util.concurrent.RejectedExecutionException} as {@code execute} does).
     */
    public Path dispatch(Runnable call, boolean handlerNonBlocking) {
        var path = choose(handlerNonBlocking);
        if (path == Path.OFFLOADED) {
            executor.execute(call);
        } else {
            call.run();
        }
        return path;
    }
}
