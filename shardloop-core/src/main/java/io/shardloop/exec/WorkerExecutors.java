package io.shardloop.exec;

/** Creates worker executors by kind. Any thread. */
public final class WorkerExecutors {

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
}
