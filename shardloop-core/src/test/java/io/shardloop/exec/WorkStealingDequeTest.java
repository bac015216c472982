package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * bRPC-style conservation: one owner pushing and popping (and taking its oldest), several thieves, every item taken
 * exactly once.
 */
class WorkStealingDequeTest {

    @Test
    void ownerAndThievesTakeEveryItemExactlyOnce() throws Exception {
        hammer(false);
    }

    /** The owner's oldest-first take races the thieves for the same end, with one CAS where theirs has two. */
    @Test
    void ownerTakingItsOldestBesideThievesTakesEveryItemExactlyOnce() throws Exception {
        hammer(true);
    }

    private static void hammer(boolean ownerTakesOldest) throws Exception {
        int items = 400_000;
        var deque = new WorkStealingDeque<Integer>(64);
        var taken = new AtomicIntegerArray(items);
        var done = new AtomicBoolean();
        var thieves = new ArrayList<Thread>();
        var stolen = new java.util.concurrent.atomic.LongAdder();
        for (int i = 0; i < 3; i++) {
            thieves.add(Thread.ofPlatform().name("thief-" + i).start(() -> {
                while (!done.get() || !deque.isEmpty()) {
                    var item = deque.steal();
                    if (item != null) {
                        taken.incrementAndGet(item);
                        stolen.increment();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        // the owner alternates pushes and pops so both ends are contended, including over the last item
        var owner = Thread.ofPlatform().name("owner").start(() -> {
            for (int i = 0; i < items; i++) {
                var boxed = Integer.valueOf(i);
                while (!deque.push(boxed)) {
                    var item = deque.pop();
                    if (item != null) {
                        taken.incrementAndGet(item);
                    }
                }
                if (ownerTakesOldest && i % 4 == 1) {
                    var item = deque.takeOldest();
                    if (item != null) {
                        taken.incrementAndGet(item);
                    }
                }
                if (i % 3 == 0) {
                    var item = deque.pop();
                    if (item != null) {
                        taken.incrementAndGet(item);
                    }
                }
            }
            Integer item;
            while ((item = deque.pop()) != null) {
                taken.incrementAndGet(item);
            }
            done.set(true);
        });
        owner.join();
        for (var t : thieves) {
            t.join();
        }
        for (int i = 0; i < items; i++) {
            assertThat(taken.get(i)).as("item %d", i).isEqualTo(1);
        }
        assertThat(stolen.sum()).isPositive();
        assertThat(deque.isEmpty()).isTrue();
    }

    @Test
    void popIsLifoAndStealIsFifo() {
        var deque = new WorkStealingDeque<String>(4);
        assertThat(deque.push("a")).isTrue();
        assertThat(deque.push("b")).isTrue();
        assertThat(deque.push("c")).isTrue();
        assertThat(deque.push("d")).isTrue();
        assertThat(deque.push("e")).as("full").isFalse();
        assertThat(deque.steal()).isEqualTo("a");
        assertThat(deque.pop()).isEqualTo("d");
        assertThat(deque.size()).isEqualTo(2);
        assertThat(deque.pop()).isEqualTo("c");
        assertThat(deque.pop()).isEqualTo("b");
        assertThat(deque.pop()).isNull();
        assertThat(deque.steal()).isNull();
    }

    @Test
    void takeOldestIsFifoAndLeavesTheRestToPop() {
        var deque = new WorkStealingDeque<String>(4);
        for (int round = 0; round < 3; round++) { // wraps the ring: cleared slots are reused
            assertThat(deque.push("a")).isTrue();
            assertThat(deque.push("b")).isTrue();
            assertThat(deque.push("c")).isTrue();
            assertThat(deque.takeOldest()).isEqualTo("a");
            assertThat(deque.peekOldest()).isEqualTo("b");
            assertThat(deque.pop()).isEqualTo("c");
            assertThat(deque.takeOldest()).isEqualTo("b");
            assertThat(deque.takeOldest()).isNull();
            assertThat(deque.pop()).isNull();
            assertThat(deque.isEmpty()).isTrue();
        }
    }
}
