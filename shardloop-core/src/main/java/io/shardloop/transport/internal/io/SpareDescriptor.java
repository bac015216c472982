package io.shardloop.transport.internal.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The spare-descriptor answer to EMFILE (muduo): keep one descriptor open; when accept fails for lack of
 * descriptors, close the spare, accept the pending connection and close it at once (the client sees a close
 * instead of hanging in the backlog), then reopen the spare. Thread contract: the accepting thread only.
 */
public final class SpareDescriptor implements AutoCloseable {
    private static final Path DEV_NULL = Path.of("/dev/null");
    private FileChannel spare;

    public SpareDescriptor() {
        reopen();
    }

    /** Whether {@code e} is accept running out of descriptors (EMFILE / ENFILE). */
    public static boolean isOutOfDescriptors(IOException e) {
        var m = e.getMessage();
        return m != null && (m.contains("Too many open files") || m.contains("too many open files"));
    }

    /** Uses the spare to accept and drop one pending connection; true if one was dropped. */
    public boolean shed(ListenSocket listener) {
        close();
        boolean dropped = false;
        try {
            var ch = listener.accept();
            if (ch != null) {
                ch.close();
                dropped = true;
            }
        } catch (IOException ignored) {
            // still out of descriptors (another thread took the spare's slot): the back-off handles it
        }
        reopen();
        return dropped;
    }

    private void reopen() {
        try {
            spare = FileChannel.open(DEV_NULL, StandardOpenOption.READ);
        } catch (IOException e) {
            spare = null; // retried at the next shed
        }
    }

    @Override
    public void close() {
        if (spare != null) {
            try {
                spare.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            spare = null;
        }
    }
}
