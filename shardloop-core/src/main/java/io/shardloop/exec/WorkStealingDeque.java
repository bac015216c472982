package io.shardloop.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded Chase-Lev work-stealing deque (Lê et al., PPoPP 2013): the owner pushes and pops at the bottom,
 * thieves steal from the top. Capacity is a power of two; a full deque refuses the push and the caller puts
 * the item elsewhere. Items must be distinct objects (a thief clears its slot by compare-and-set on identity).
 *
 * <p>Concurrency contract per method (as bRPC's work_stealing_queue.h):
 * <ul>
 *   <li>{@link #push}: owner thread only; may run in parallel with {@link #steal}, never with {@link #pop}
 *       or another push.</li>
 *   <li>{@link #pop}: owner thread only; may run in parallel with {@link #steal}, never with {@link #push}
 *       or another pop.</li>
 *   <li>{@link #steal}: any thread, in parallel with everything.</li>
 *   <li>{@link #takeOldest}: owner thread only; may run in parallel with {@link #steal}, never with {@link #push}
 *       or {@link #pop}.</li>
 *   <li>{@link #peekOldest}, {@link #size}, {@link #isEmpty}: any thread; a hint that may be stale by the time it
 *       returns.</li>
 * </ul>
 */
final class WorkStealingDeque<T> {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] slots;
    private final int mask;
    /** Next index to steal; advanced by CAS (thieves, and the owner when taking the last item). */
    private volatile long top;
    /** Next index to push; written only by the owner. */
    private volatile long bottom;

    WorkStealingDeque(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        slots = new Object[capacity];
        mask = capacity - 1;
    }

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(WorkStealingDeque.class, "top", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Owner only. False if full. */
    boolean push(T item) {
        long b = bottom;
        long t = top;
        if (b - t >= slots.length) {
            return false;
        }
        SLOTS.setRelease(slots, (int) (b & mask), item);
        bottom = b + 1; // volatile store publishes the slot to thieves
        return true;
    }

    /** Owner only. The most recently pushed item, or null if empty (or a thief took the last one). */
    @SuppressWarnings("unchecked")
    T pop() {
        long b = bottom - 1;
        bottom = b; // volatile store, then volatile load of top: the StoreLoad order the algorithm needs
        long t = top;
        if (t > b) {
            bottom = b + 1; // was empty
            return null;
        }
        var item = (T) SLOTS.getAcquire(slots, (int) (b & mask));
        if (t == b) {
            // last item: race the thieves for it
            if (!TOP.compareAndSet(this, t, t + 1)) {
                item = null;
            } else {
                SLOTS.setRelease(slots, (int) (b & mask), null);
            }
            bottom = b + 1;
            return item;
        }
        SLOTS.setRelease(slots, (int) (b & mask), null); // thieves never reach index b now, so clear it
        return item;
    }

    /** Any thread. The oldest item, or null if empty or another thief (or the owner) won the race. */
    @SuppressWarnings("unchecked")
    T steal() {
        long t = top;
        long b = bottom;
        if (t >= b) {
            return null;
        }
        var item = (T) SLOTS.getAcquire(slots, (int) (t & mask));
        // the slot can only be reused after top moves past t, in which case this CAS fails
        if (!TOP.compareAndSet(this, t, t + 1)) {
            return null;
        }
        // drop the reference unless the owner already reused the slot (items are distinct objects)
        SLOTS.compareAndSet(slots, (int) (t & mask), item, null);
        return item;
    }

    /**
     * Owner only: the oldest item, as a steal takes it, or null if empty or a thief won the race. One CAS where a
     * steal needs two: no push can run meanwhile, so the slot the owner leaves cannot have been reused and is
     * cleared with a plain release store.
     */
    @SuppressWarnings("unchecked")
    T takeOldest() {
        long t = top;
        if (t >= bottom) {
            return null;
        }
        int slot = (int) (t & mask);
        var item = (T) SLOTS.getAcquire(slots, slot);
        if (!TOP.compareAndSet(this, t, t + 1)) {
            return null;
        }
        SLOTS.setRelease(slots, slot, null);
        return item;
    }

    /** Any thread; a hint. The item a steal would take now, or null (empty, or a thief just took it). */
    @SuppressWarnings("unchecked")
    T peekOldest() {
        long t = top;
        if (t >= bottom) {
            return null;
        }
        return (T) SLOTS.getAcquire(slots, (int) (t & mask));
    }

    int size() {
        long n = bottom - top;
        return (int) Math.max(0, n);
    }

    boolean isEmpty() {
        return bottom <= top;
    }
}
