package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SendScheduleTest {

    private static ClientConnection connection(int index, long due) {
        var c = new ClientConnection(index, new StreamEchoParser(new byte[1]), 1, ByteBuffer.allocateDirect(1));
        c.nextIntended = due;
        return c;
    }

    @Test
    void pollsDueConnectionsEarliestFirstAndNothingEarly() {
        var s = new SendSchedule(2);
        var a = connection(0, 300);
        var b = connection(1, 100);
        var c = connection(2, 200);
        s.add(a);
        s.add(b);
        s.add(c);
        assertThat(s.nextDue()).isEqualTo(100);
        assertThat(s.pollDue(99)).isNull();
        assertThat(s.pollDue(250)).isSameAs(b);
        assertThat(s.pollDue(250)).isSameAs(c);
        assertThat(s.pollDue(250)).isNull();
        assertThat(s.nextDue()).isEqualTo(300);
        assertThat(s.pollDue(Long.MAX_VALUE)).isSameAs(a);
        assertThat(s.nextDue()).isEqualTo(Long.MAX_VALUE);
        assertThat(b.schedulePos).isEqualTo(-1);
    }

    @Test
    void aConnectionIsScheduledAtMostOnce() {
        var s = new SendSchedule(4);
        var a = connection(0, 1);
        s.add(a);
        assertThatThrownBy(() -> s.add(a)).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        s.remove(a);
        s.remove(a); // not there: nothing happens
        assertThat(s.size()).isZero();
    }

    @Test
    void dueTimesAreComparedWrapSafe() {
        // System.nanoTime may be near Long.MAX_VALUE: a later time that wrapped is still later
        var s = new SendSchedule(2);
        var late = connection(0, Long.MIN_VALUE + 10);
        var early = connection(1, Long.MAX_VALUE - 10);
        s.add(late);
        s.add(early);
        assertThat(s.pollDue(Long.MAX_VALUE)).isSameAs(early);
        assertThat(s.pollDue(Long.MAX_VALUE)).isNull();
    }

    @Test
    void randomAddsRemovesAndPollsMatchAReferenceAndLoseNothing() {
        var random = new Random(17);
        var s = new SendSchedule(1);
        var all = new ArrayList<ClientConnection>();
        for (int i = 0; i < 500; i++) {
            all.add(connection(i, 0));
        }
        var in = new HashSet<ClientConnection>();
        long now = 0;
        int polled = 0;
        for (int step = 0; step < 100_000; step++) {
            var c = all.get(random.nextInt(all.size()));
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (!in.contains(c)) {
                        c.nextIntended = now + random.nextInt(1000);
                        s.add(c);
                        in.add(c);
                    }
                }
                case 1 -> {
                    s.remove(c);
                    in.remove(c);
                }
                default -> {
                    now += random.nextInt(50);
                    long previous = Long.MIN_VALUE;
                    ClientConnection due;
                    while ((due = s.pollDue(now)) != null) {
                        assertThat(in.remove(due)).as("polled only what was in").isTrue();
                        assertThat(due.nextIntended).isLessThanOrEqualTo(now).isGreaterThanOrEqualTo(previous);
                        previous = due.nextIntended;
                        polled++;
                    }
                    long earliest = in.stream().mapToLong(x -> x.nextIntended).min().orElse(Long.MAX_VALUE);
                    assertThat(earliest).as("nothing due was left behind").isGreaterThan(now);
                    assertThat(s.nextDue()).isEqualTo(earliest);
                }
            }
            assertThat(s.size()).isEqualTo(in.size());
        }
        for (var c : all) {
            assertThat(c.schedulePos >= 0).isEqualTo(in.contains(c));
        }
        assertThat(polled).isGreaterThan(1000);
    }
}
