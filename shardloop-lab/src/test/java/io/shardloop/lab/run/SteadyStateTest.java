package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Steady state on synthetic readings every 250 ms: the JIT's CPU and the message count, cumulative. */
class SteadyStateTest {

    private static final long MS = 1_000_000L;

    /** Feeds {@code seconds} of readings: the JIT busy {@code jit} of a CPU until {@code jitUntil}, then quiet. */
    private static SteadyState feed(long minMillis, double seconds, double jit, double jitUntil, double rate, double wobble) {
        var s = new SteadyState(0, minMillis * MS);
        double compiler = 0;
        long messages = 0;
        for (int i = 1; i <= seconds * 4; i++) {
            double t = i * 0.25;
            compiler += t <= jitUntil ? jit * 0.25 : 0;
            // faster and slower seconds in turn: one second's rate differs from the next by about 'wobble'
            messages += (long) (rate * 0.25 * (1 + ((((i - 1) / 4) % 2 == 0) ? wobble / 2 : -wobble / 2)));
            s.add(new SteadyState.Reading(i * 250 * MS, compiler, messages));
        }
        return s;
    }

    @Test
    void aQuietJitAndSettledRateAfterTheLeastWarmUpIsSteady() {
        var s = feed(1000, 4, 0.6, 1.0, 50_000, 0.02);
        assertThat(s.steady()).isTrue();
        var o = s.outcome();
        assertThat(o.steady()).isTrue();
        assertThat(o.capLine()).isNull();
        assertThat(o.jitShare()).isLessThan(SteadyState.JIT_QUIET);
    }

    @Test
    void notBeforeTheLeastWarmUpNorBeforeASpanIsCovered() {
        assertThat(feed(5000, 4, 0, 0, 50_000, 0).steady()).as("4 s of a 5 s least warm-up").isFalse();
        var early = feed(0, 1.5, 0, 0, 50_000, 0);
        assertThat(early.steady()).as("1.5 s cannot cover a 2 s span").isFalse();
        assertThat(early.outcome().jitShare()).isNaN();
        assertThat(early.outcome().capLine()).isEqualTo("warm-up stopped at its cap after 2 s, shorter than the 2 s the steady-state rule reads");
    }

    @Test
    void aCompilingJitIsNotSteadyAndTheCapLineSaysSo() {
        var s = feed(1000, 6, 0.3, 10, 50_000, 0.02);
        assertThat(s.steady()).isFalse();
        assertThat(s.outcome().capLine()).isEqualTo("warm-up stopped at its cap after 6 s (the JIT at 30% of a CPU)");
    }

    @Test
    void aMovingRateIsNotSteady() {
        var s = feed(1000, 6, 0, 0, 50_000, 0.5);
        assertThat(s.steady()).isFalse();
        assertThat(s.outcome().rateChange()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.outcome().capLine()).isEqualTo("warm-up stopped at its cap after 6 s (req/s still moving 50% a second)");
    }

    @Test
    void aClimbingRateIsNotSteadyButQuarterSecondJitterIs() {
        var climbing = new SteadyState(0, 0);
        var jitter = new SteadyState(0, 0);
        long a = 0;
        long b = 0;
        for (int i = 1; i <= 16; i++) {
            a += (long) (250 * (10_000 + 2_000 * i)); // +20% a second or so
            b += i % 2 == 0 ? 3_000 : 2_000;          // ±20% quarter to quarter, the same each second
            climbing.add(new SteadyState.Reading(i * 250 * MS, 0, a));
            jitter.add(new SteadyState.Reading(i * 250 * MS, 0, b));
        }
        assertThat(climbing.steady()).isFalse();
        assertThat(jitter.steady()).isTrue();
    }

    @Test
    void noMessagesAtAllIsNotSteady() {
        var s = feed(1000, 4, 0, 0, 0, 0);
        assertThat(s.steady()).isFalse();
        assertThat(s.outcome().capLine()).contains("no requests counted");
    }
}
