package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void theMedianOfAnOddAndAnEvenCountAndTheRange() {
        var odd = Spread.of(70_681, 85_322, 60_982);
        assertThat(odd.median()).isEqualTo(70_681);
        assertThat(odd.low()).isEqualTo(60_982);
        assertThat(odd.high()).isEqualTo(85_322);
        assertThat(odd.n()).isEqualTo(3);
        assertThat(Spread.of(4, 1, 3, 2).median()).isEqualTo(2.5);
    }

    @Test
    void unmeasuredValuesAreLeftOutAndNoneLeavesItUnknown() {
        assertThat(Spread.of(Double.NaN, 5, Double.POSITIVE_INFINITY, 7)).isEqualTo(new Spread(6, 5, 7, 2));
        assertThat(Spread.of(Double.NaN)).isEqualTo(Spread.UNKNOWN);
        assertThat(Spread.of().display(Double::toString)).isEmpty();
    }

    @Test
    void overlapDecidesAboveAndBelow() {
        var high = Spread.of(100, 105, 110);
        var low = Spread.of(60, 65, 70);
        var touching = Spread.of(90, 100, 120);
        assertThat(high.above(low)).isTrue();
        assertThat(low.below(high)).isTrue();
        assertThat(high.above(touching)).as("ranges that overlap are not apart").isFalse();
        assertThat(touching.above(low)).isTrue();
        assertThat(high.above(Spread.UNKNOWN)).isFalse();
    }

    @Test
    void theDisplayIsTheMedianWithHalfTheRangeAsAShare() {
        assertThat(Spread.of(90, 100, 110).display(v -> String.format("%.0f", v))).isEqualTo("100 ±10%");
        assertThat(Spread.of(90, 100, 110).relativeHalfRange()).isEqualTo(0.1);
    }
}
