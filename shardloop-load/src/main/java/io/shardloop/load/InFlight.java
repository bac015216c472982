package io.shardloop.load;

/**
 * The requests outstanding on one connection, oldest first: when each was sent and when it was meant to be sent
 * (the same, except in rate mode). Answers are matched to requests in this order. A fixed ring; one loop thread.
 */
final class InFlight {

    private final long[] sent;
    private final long[] intended;
    private int head;
    private int size;

    InFlight(int capacity) {
        sent = new long[capacity];
        intended = new long[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return sent.length;
    }

    void push(long sentNanos, long intendedNanos) {
        if (size == sent.length) {
            throw new IllegalStateException("more than " + sent.length + " requests in flight");
        }
        int i = (head + size) % sent.length;
        sent[i] = sentNanos;
        intended[i] = intendedNanos;
        size++;
    }

    /** Send time of the oldest request. */
    long oldestSent() {
        return sent[head];
    }

    /** Intended send time of the oldest request. */
    long oldestIntended() {
        return intended[head];
    }

    /** Drops the oldest request (after reading its times). */
    void pop() {
        if (size == 0) {
            throw new IllegalStateException("no request in flight");
        }
        head = (head + 1) % sent.length;
        size--;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
