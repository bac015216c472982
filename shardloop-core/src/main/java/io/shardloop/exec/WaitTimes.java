package io.shardloop.exec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Queue-wait times of one executor, recorded without a shared lock: each worker thread writes its own
 * {@link SingleWriterRecorder} (wait-free, no shared cache line); threads without one (virtual threads) write a
 * shared multi-writer {@link Recorder} (wait-free too). Readers fold the intervals into a lifetime histogram.
 *
 * <p>Thread contract: {@link Slot#record} only from the thread that {@link #register registered} the slot;
 * {@link #recordShared} from any thread; {@link #register}, {@link #release} and {@link #snapshot} from any thread.
 */
public final class WaitTimes {

    /** Values are nanoseconds; two significant digits (1 %) keep each recorder a few tens of KiB. */
    private static final int DIGITS = 2;

    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final Recorder shared = new Recorder(DIGITS);
    private final ReentrantLock readLock = new ReentrantLock();
    /** Guarded by readLock. */
    private final Histogram lifetime = new Histogram(DIGITS);

    /** One writer's recorder. */
    public static final class Slot {
        private final SingleWriterRecorder recorder = new SingleWriterRecorder(DIGITS);
        private volatile boolean released;
        /** Recycled interval histogram; touched only under the owning WaitTimes' readLock. */
        private Histogram scratch;

        /** Owner thread only. */
        public void record(long nanos) {
            recorder.recordValue(Math.max(0, nanos));
        }
    }

    /** A new per-thread slot; the calling thread need not be the writer (a pool registers for its workers). */
    public Slot register() {
        var slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** The writer is gone; its last values are folded in at the next snapshot, then the slot is dropped. */
    public void release(Slot slot) {
        slot.released = true;
    }

    /** Any thread. */
    public void recordShared(long nanos) {
        shared.recordValue(Math.max(0, nanos));
    }

    /** Lifetime percentiles in nanoseconds: {p50, p99, max}. */
    public long[] snapshot() {
        readLock.lock();
        try {
            for (var slot : slots) {
                boolean last = slot.released; // read before harvesting so no value recorded before release is lost
                slot.scratch = slot.recorder.getIntervalHistogram(slot.scratch);
                lifetime.add(slot.scratch);
                if (last) {
                    slots.remove(slot);
                }
            }
            var fromShared = shared.getIntervalHistogram();
            lifetime.add(fromShared);
            if (lifetime.getTotalCount() == 0) {
                return new long[] {0, 0, 0};
            }
            return new long[] {
                lifetime.getValueAtPercentile(50), lifetime.getValueAtPercentile(99), lifetime.getMaxValue()
            };
        } finally {
            readLock.unlock();
        }
    }
}
