package io.shardloop.lab.link;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
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

    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final MethodHandle OPEN;
    private static final MethodHandle SETNS;
    private static final MethodHandle CLOSE;

    static {
        var linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        OPEN = linker.downcallHandle(libc.find("open").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(2)); // open(2) is variadic (mode); none passed
        SETNS = linker.downcallHandle(libc.find("setns").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

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

    private static void enter(Path file) throws Throwable {
        int fd;
        try (var arena = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY_CLOEXEC);
        }
        if (fd < 0) {
            throw new IOException("open " + file + " failed");
        }
        int rc = (int) SETNS.invokeExact(fd, CLONE_NEWNET);
        int ignored = (int) CLOSE.invokeExact(fd);
        if (rc != 0) {
            throw new IOException("setns(" + file + ") failed (needs CAP_SYS_ADMIN)");
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
