package io.shardloop.load;

/**
 * Rate mode: the connections waiting for their next intended send time, earliest first (a binary min-heap indexed
 * by {@link ClientConnection#schedulePos}, so a connection is in it at most once and leaves it in O(log n) when
 * closed). The loop asks it for the next due time and pops what is due, never walking every connection. A
 * connection is here only while it is open, idle (nothing in flight) and early. The due times sit in an array
 * beside the heap, so sifting compares longs in one array instead of reaching into scattered connection objects
 * (at 10,000 connections each of those is a cache miss). One loop thread, like the loop.
 */
final class SendSchedule {

    private ClientConnection[] heap;
    /** {@code due[i]} is {@code heap[i].nextIntended} as it was when added. */
    private long[] due;
    private int size;

    SendSchedule(int capacity) {
        heap = new ClientConnection[Math.max(1, capacity)];
        due = new long[heap.length];
    }

    int size() {
        return size;
    }

    boolean contains(ClientConnection c) {
        return c.schedulePos >= 0;
    }

    /** The earliest intended time waited for, or {@link Long#MAX_VALUE} when none waits. */
    long nextDue() {
        return size == 0 ? Long.MAX_VALUE : due[0];
    }

    /** Adds c at its {@code nextIntended}; c must not be in the schedule already. */
    void add(ClientConnection c) {
        if (c.schedulePos >= 0) {
            throw new IllegalStateException("connection " + c.index + " is scheduled twice");
        }
        if (size == heap.length) {
            heap = java.util.Arrays.copyOf(heap, size * 2);
            due = java.util.Arrays.copyOf(due, size * 2);
        }
        heap[size] = c;
        due[size] = c.nextIntended;
        c.schedulePos = size;
        size++;
        up(c.schedulePos);
    }

    /** Removes and returns the earliest connection if it is due at {@code now}, else null. */
    ClientConnection pollDue(long now) {
        if (size == 0 || now - due[0] < 0) {
            return null;
        }
        ClientConnection c = heap[0];
        removeAt(0);
        return c;
    }

    /** Takes c out if it is in (a closed connection does not send). */
    void remove(ClientConnection c) {
        if (c.schedulePos >= 0) {
            removeAt(c.schedulePos);
        }
    }

    private void removeAt(int i) {
        ClientConnection gone = heap[i];
        gone.schedulePos = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        ClientConnection last = heap[size];
        heap[size] = null;
        heap[i] = last;
        due[i] = due[size];
        last.schedulePos = i;
        if (!up(i)) {
            down(i);
        }
    }

    /** Sifts up; true when the entry moved. */
    private boolean up(int i) {
        ClientConnection c = heap[i];
        long key = due[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (key - due[parent] >= 0) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        place(c, key, i);
        return i != start;
    }

    private void down(int i) {
        ClientConnection c = heap[i];
        long key = due[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && due[right] - due[child] < 0) {
                child = right;
            }
            if (due[child] - key >= 0) {
                break;
            }
            move(child, i);
            i = child;
        }
        place(c, key, i);
    }

    private void move(int from, int to) {
        heap[to] = heap[from];
        due[to] = due[from];
        heap[to].schedulePos = to;
    }

    private void place(ClientConnection c, long key, int i) {
        heap[i] = c;
        due[i] = key;
        c.schedulePos = i;
    }
}
