package io.shardloop.exec;

/** Reports tasks that threw, so that a failing handler never kills a worker silently. Any thread. */
final class TaskFailures {

    private static final System.Logger LOG = System.getLogger("io.shardloop.exec");

    private TaskFailures() {
    }

    static void report(Runnable task, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "task " + task + " threw on " + Thread.currentThread().getName(), t);
    }
}
