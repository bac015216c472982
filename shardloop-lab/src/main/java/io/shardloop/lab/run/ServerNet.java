package io.shardloop.lab.run;

import java.util.concurrent.Callable;

/**
 * Where the server's sockets are, seen from the lab: in the lab's own network namespace ({@link #HERE}), or in
 * one the lab made, where only a thread that entered it can reach the server's loopback (its port and admin
 * listener). Implementations are thread-safe.
 */
public interface ServerNet {

    /** The lab's own network: tasks run on the caller's thread. */
    ServerNet HERE = new ServerNet() {
        @Override
        public <T> T call(Callable<T> task) throws Exception {
            return task.call();
        }
    };

    /** Runs {@code task} on a thread whose sockets open in the server's network namespace; waits for it. */
    <T> T call(Callable<T> task) throws Exception;
}
