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
    void aMedianIsAboveAnotherSpreadWhenNoneOfItsValuesReachedIt() {
        var high = Spread.of(100, 105, 110);
        var low = Spread.of(60, 65, 70);
        var reaching = Spread.of(90, 100, 120);
        var oneSlowWindow = Spread.of(43, 102, 116);
        assertThat(high.medianAbove(low)).isTrue();
        assertThat(low.medianBelow(high)).isTrue();
        assertThat(high.medianAbove(reaching)).as("a window of the other reached this median").isFalse();
        assertThat(oneSlowWindow.medianAbove(low)).as("this spread's own slow window does not matter").isTrue();
        assertThat(low.medianAbove(oneSlowWindow)).isFalse();
        assertThat(high.medianAbove(Spread.UNKNOWN)).isFalse();
    }

    @Test
    void theDisplayIsTheMedianWithHalfTheRangeAsAShare() {
        assertThat(Spread.of(90, 100, 110).display(v -> String.format("%.0f", v))).isEqualTo("100 ±10%");
        assertThat(Spread.of(90, 100, 110).relativeHalfRange()).isEqualTo(0.1);
    }
}
