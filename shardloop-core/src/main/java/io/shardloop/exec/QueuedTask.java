package io.shardloop.exec;

/** A task with the time it was submitted, so that the worker that starts it can record its queue wait. */
record QueuedTask(Runnable task, long enqueuedNanos) {

    static QueuedTask of(Runnable task) {
        return new QueuedTask(task, System.nanoTime());
    }
}
