package io.shardloop.lab.cores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup v1 cpu controller's tree (default {@code /sys/fs/cgroup/cpu}): makes groups with a bandwidth budget,
 * moves threads into them by TID, reads their throttling, and removes them. Every group it makes is registered
 * with {@link CgroupJanitor}, so a Ctrl-C removes it too. Stateless apart from the root; any thread.
 */
public final class CpuCgroups {

    public static final Path V1_ROOT = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2_ROOT = Path.of("/sys/fs/cgroup");

    private final Path root;

    private CpuCgroups(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The v1 tree at {@link #V1_ROOT}, or the one line that says what is missing. */
    public static Availability open() {
        return open(V1_ROOT);
    }

    /** What {@link #open} found: a usable tree, or why there is none. */
    public sealed interface Availability {
        record Usable(CpuCgroups cgroups) implements Availability {
        }

        record Missing(String why) implements Availability {
        }
    }

    /** The v1 tree at {@code root}, or the one line that says what is missing. */
    public static Availability open(Path root) {
        if (!Files.isRegularFile(root.resolve("cpu.cfs_quota_us"))) {
            // v2 only: threaded cgroups would need the whole server moved into a domain group first; not done yet
            var v2 = Files.isRegularFile(V2_ROOT.resolve("cgroup.controllers")) ? " (this machine has cgroup v2 "
                    + "only, whose threaded cgroups --emulate-cores does not support yet)" : "";
            return new Availability.Missing("--emulate-cores needs the cgroup v1 cpu controller at " + root
                    + " (no cpu.cfs_quota_us there)" + v2);
        }
        if (!Files.isWritable(root.resolve("tasks")) || !Files.isWritable(root)) {
            return new Availability.Missing("--emulate-cores needs to write to " + root + " (run as root, or give "
                    + "this user a writable cgroup cpu tree)");
        }
        var probe = root.resolve("shardloop-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
        } catch (IOException e) {
            return new Availability.Missing("--emulate-cores could not make a cgroup under " + root + ": " + e);
        }
        return new Availability.Usable(new CpuCgroups(root));
    }

    /** Makes the group {@code relative} to the root (e.g. {@code a/b}), registered for removal. */
    public Path create(String relative) {
        var dir = root.resolve(relative);
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make cgroup " + dir, e);
        }
        CgroupJanitor.register(this, dir);
        return dir;
    }

    /** Sets the group's bandwidth budget (period first: the quota must fit the period the kernel has). */
    public void budget(Path dir, CoreBudget b) {
        write(dir.resolve("cpu.cfs_period_us"), Long.toString(b.periodMicros()));
        write(dir.resolve("cpu.cfs_quota_us"), Long.toString(b.quotaMicros()));
    }

    /**
     * Sets the group's weight against its siblings ({@code cpu.shares}, 1024 per task by default). A group weighs
     * as much as one task of its parent, so a server moved into one group would lose against any busy neighbour.
     */
    public void weight(Path dir, long shares) {
        write(dir.resolve("cpu.shares"), Long.toString(Math.max(2, Math.min(262_144, shares))));
    }

    /** Moves one thread into the group. False when the thread has exited meanwhile. */
    public boolean attach(Path dir, int tid) {
        try {
            Files.writeString(dir.resolve("tasks"), Integer.toString(tid), StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            return false; // ESRCH: gone
        }
    }

    /** The TIDs in the group now. */
    public List<Integer> tasks(Path dir) {
        var out = new ArrayList<Integer>();
        try {
            for (var line : Files.readAllLines(dir.resolve("tasks"), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) out.add(Integer.parseInt(line.trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // a removed group has no tasks
        }
        return out;
    }

    public ThrottleStat stat(Path dir) {
        try {
            return ThrottleStat.parse(Files.readString(dir.resolve("cpu.stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return ThrottleStat.NONE;
        }
    }

    /**
     * Removes the group: threads still in it go back to the root first (a cgroup with tasks cannot be removed),
     * then rmdir, retried briefly since an exiting thread leaves its group a moment after its process is reaped.
     * True when it is gone.
     */
    public boolean remove(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            for (int tid : tasks(dir)) {
                attach(root, tid);
            }
            try {
                Files.delete(dir);
                CgroupJanitor.removed(dir);
                return true;
            } catch (NoSuchFileException gone) {
                CgroupJanitor.removed(dir);
                return true;
            } catch (java.nio.file.FileSystemException busy) { // EBUSY: a thread is still leaving
                sleep();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Groups under the root whose name starts with {@code prefix}. */
    public List<Path> children(String prefix) {
        try (var s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Subgroups of {@code dir}. */
    public List<Path> subgroups(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " to " + file, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
