package io.shardloop.transport.internal.io;

/** Something registered with a loop's {@link IoDriver}: a connection or a listener. Called on the loop thread only. */
public interface IoHandle {

    /** The registered channel is ready for {@code readyOps} ({@link IoOps} bits). */
    void onReady(int readyOps);

    /** The loop is stopping: release the channel now (abortive for connections). */
    void forceClose();

    /**
     * The driver could not add the channel to the kernel's set or change it there (it logged the call and errno):
     * the channel cannot go on and is closed.
     */
    default void registrationFailed() {
        forceClose();
    }
}
