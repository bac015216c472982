package io.shardloop.lab.link;

import io.shardloop.nativeio.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One platform thread that entered a named network namespace ({@code setns(2)} on {@code /run/netns/NAME}, which
 * moves only the calling thread): sockets it opens live there, so the lab reaches a server's loopback inside the
 * namespace without a route from its own. Tasks run one at a time in submission order; any thread may submit.
 */
final class NetnsThread implements AutoCloseable {

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** Starts the thread and waits until it is inside {@code namespace}; throws if it could not enter. */
    NetnsThread(String namespace) throws IOException {
        var entered = new CompletableFuture<Void>();
        var file = Path.of("/run/netns", namespace);
        thread = Thread.ofPlatform().daemon().name("lab-netns-" + namespace).start(() -> {
            try {
                enter(file);
                entered.complete(null);
            } catch (Throwable e) {
                entered.completeExceptionally(e);
                return;
            }
            serve();
        });
        try {
            entered.get();
        } catch (ExecutionException e) {
            throw new IOException("cannot enter network namespace " + namespace + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted entering " + namespace, e);
        }
    }

    private static void enter(Path file) throws IOException {
        try (var arena = Arena.ofConfined()) {
            var state = Libc.CallState.allocate(arena);
            int fd = Libc.open(state, arena.allocateFrom(file.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + file + ": " + Libc.describe(Libc.errno(state)));
            }
            int rc = Libc.setns(state, fd, Libc.CLONE_NEWNET);
            int err = Libc.errno(state);
            Libc.close(state, fd);
            if (rc != 0) {
                throw new IOException("setns(" + file + "): " + Libc.describe(err) + " (needs CAP_SYS_ADMIN)");
            }
        }
        // the kernel says which namespace this thread is in; it must be the file's
        var here = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        var want = "net:[" + Files.getAttribute(file, "unix:ino") + "]";
        if (!here.equals(want)) {
            throw new IOException("setns left the thread in " + here + ", not " + want);
        }
    }

    private void serve() {
        try {
            while (true) {
                tasks.take().run();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Runs {@code task} on this thread and returns what it returned, or throws what it threw. */
    <T> T call(Callable<T> task) throws Exception {
        var result = new CompletableFuture<T>();
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The thread's namespace as the kernel names it ({@code net:[inode]}), read on the thread. */
    String namespaceId() throws Exception {
        return call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
