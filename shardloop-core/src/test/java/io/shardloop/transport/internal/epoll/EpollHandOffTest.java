package io.shardloop.transport.internal.epoll;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.SocketAdopter;
import io.shardloop.transport.internal.io.StreamSocket;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cells of {@link EpollHandOff}: an event claims its hand-off once and a stale one (an older generation of the
 * cell) nothing; a cell stays taken until released; a full neighbourhood refuses; sweeps take only what was added,
 * and only when old enough; and one producer against one consumer never loses or doubles a hand-off.
 * The sockets are descriptor -1: nothing here reaches the kernel.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollHandOffTest {
    private final NativeScratch scratch = new NativeScratch();
    private final ArrayList<EpollHandOff.Handed> adopted = new ArrayList<>();
    private final EpollHandOff cells = new EpollHandOff(adopted::add, scratch);
    private final Recorder adopter = new Recorder();

    @Test
    void anEventClaimsItsHandOffOnceAndAStaleOneNothing() {
        var h = cells.claim(socket(), adopter);
        h.added();
        long data = h.data();
        assertThat(data & EpollHandOff.HANDED).isNotZero();
        assertThat(cells.arrived(data)).isSameAs(h);
        assertThat(cells.arrived(data)).as("taken: its registration gets the events now").isNull();
        cells.release(h.cell);
        assertThat(cells.arrived(data)).as("released").isNull();

        var first = cells.claim(socket(), adopter);
        cells.release(first.cell); // given back without an event, then the next claims round to it
        EpollHandOff.Handed same = null;
        for (int i = 0; i < EpollHandOff.CELLS && same == null; i++) {
            var next = cells.claim(socket(), adopter);
            if (next.cell == first.cell) {
                same = next;
            } else {
                cells.release(next.cell);
            }
        }
        assertThat(same).isNotNull();
        assertThat(cells.arrived(first.data())).as("the cell's earlier generation").isNull();
        assertThat(cells.arrived(same.data())).isSameAs(same);
    }

    @Test
    void aNeighbourhoodOfTakenCellsRefuses() {
        for (int i = 0; i < EpollHandOff.CELLS; i++) {
            assertThat(cells.claim(socket(), adopter)).isNotNull();
        }
        assertThat(cells.claim(socket(), adopter)).as("every cell taken").isNull(); // tried 0-7
        cells.release(100);
        assertThat(cells.claim(socket(), adopter)).as("a cell free, but not among the next tried (8-15)").isNull();
        cells.release(17);
        var h = cells.claim(socket(), adopter);
        assertThat(h).isNotNull();
        assertThat(h.cell).isEqualTo(17);
    }

    @Test
    void sweepsTakeWhatWasAddedWhenOldEnough() throws Exception {
        var notAdded = cells.claim(socket(), adopter);
        var young = cells.claim(socket(), adopter);
        young.added();
        assertThat(cells.sweep(TimeUnit.SECONDS.toNanos(10), false)).as("a younger one waits").isTrue();
        assertThat(adopted).isEmpty();
        Thread.sleep(5);
        assertThat(cells.sweep(TimeUnit.MILLISECONDS.toNanos(1), false)).isFalse();
        assertThat(adopted).containsExactly(young);
        assertThat(cells.arrived(young.data())).as("adopted once").isNull();

        notAdded.added();
        assertThat(cells.sweep(0, true)).isFalse();
        assertThat(adopter.dropped).hasValue(1);
        assertThat(adopted).containsExactly(young);
        assertThat(cells.arrived(notAdded.data())).as("dropped, cell free").isNull();
    }

    @Test
    void oneProducerAndOneConsumerNeverLoseOrDoubleAHandOff() throws Exception {
        int total = 200_000;
        var inFlight = new ConcurrentLinkedQueue<EpollHandOff.Handed>();
        var doubled = new AtomicLong();
        var seen = new java.util.HashSet<EpollHandOff.Handed>();
        var live = new ArrayList<EpollHandOff.Handed>(); // adopted, registered until released below
        var hammered = new EpollHandOff(h -> {
            if (!seen.add(h)) {
                doubled.incrementAndGet();
            }
            live.add(h);
        }, scratch);
        var producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < total; i++) {
                EpollHandOff.Handed h;
                while ((h = hammered.claim(socket(), adopter)) == null) {
                    Thread.onSpinWait(); // every nearby cell still taken: the consumer is behind
                }
                h.added();
                inFlight.add(h);
            }
        });
        int released = 0;
        int rounds = 0;
        while (released < total) {
            EpollHandOff.Handed h;
            while ((h = inFlight.poll()) != null) {
                var claimed = hammered.arrived(h.data()); // its event; null if a sweep took it first
                if (claimed != null) {
                    claimed.onReady(IoOps.READ);
                }
            }
            if ((++rounds & 7) == 0) {
                hammered.sweep(0, false); // a sweep racing the events and the producer
            }
            for (var l : live) {
                hammered.release(l.cell);
                released++;
            }
            live.clear();
        }
        producer.join();
        assertThat(doubled).hasValue(0);
        assertThat(seen).hasSize(total);
        assertThat(inFlight).isEmpty();
    }

    private EpollStreamSocket socket() {
        return new EpollStreamSocket(-1, scratch);
    }

    /** Counts drops; a dropped socket is descriptor -1, so closing it is harmless. */
    private static final class Recorder implements SocketAdopter {
        final AtomicInteger dropped = new AtomicInteger();

        @Override
        public void adopt(StreamSocket socket) {
        }

        @Override
        public void drop(StreamSocket socket) {
            dropped.incrementAndGet();
            socket.close();
        }
    }
}
