package io.shardloop.transport.internal.io;

import java.util.Arrays;

/**
 * The handles a select returned, collected into reused arrays so that iterating them makes no garbage
 * (no Iterator over the selector's key set). Thread contract: the loop thread only.
 */
public final class ReadySet {
    private IoHandle[] handles = new IoHandle[64];
    private int[] ops = new int[64];
    private int size;

    public void clear() {
        Arrays.fill(handles, 0, size, null);
        size = 0;
    }

    public void add(IoHandle handle, int readyOps) {
        if (size == handles.length) {
            handles = Arrays.copyOf(handles, size * 2);
            ops = Arrays.copyOf(ops, size * 2);
        }
        handles[size] = handle;
        ops[size++] = readyOps;
    }

    public int size() {
        return size;
    }

    public IoHandle handle(int i) {
        return handles[i];
    }

    public int ops(int i) {
        return ops[i];
    }
}
