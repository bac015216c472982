package io.shardloop.exec;

import java.util.Optional;

/** Creates worker executors by kind, and tells a task which executor runs it. Any thread. */
public final class WorkerExecutors {

    /** Bound for the whole life of a pool worker (once, not per task), and for each virtual executor thread. */
    static final ScopedValue<WorkerExecutor> CURRENT = ScopedValue.newInstance();

    private WorkerExecutors() {
    }

    /** An executor of {@code kind} with {@code threads} workers (elastic: at most) named {@code namePrefix + index}. */
    public static WorkerExecutor create(ExecutorKind kind, int threads, String namePrefix) {
        return create(kind, ExecutorConfig.defaults(threads, namePrefix));
    }

    public static WorkerExecutor create(ExecutorKind kind, ExecutorConfig config) {
        return switch (kind) {
            case GLOBAL_QUEUE -> new GlobalQueueExecutor(config);
            case WORK_STEALING -> new WorkStealingExecutor(config);
            case ELASTIC -> new ElasticExecutor(config);
            case VIRTUAL -> new VirtualExecutor(config);
        };
    }

    /**
     * The executor running the calling thread's task, so that a handler can chain continuations on it (they stay
     * on its worker where the executor keeps a worker's own submissions local); empty on any other thread.
     */
    public static Optional<WorkerExecutor> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }
}
