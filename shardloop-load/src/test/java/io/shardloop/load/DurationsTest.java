package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar of every flag: each unit, fractions, a bare number, and what a bad value is told. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "500us,  500000",
            "1us,    1000",
            "250ms,  250000000",
            "0ms,    0",
            "2s,     2000000000",
            "1.5s,   1500000000",
            "3,      3000000000",
            "0.25,   250000000",
            "1m,     60000000000",
            "1.5m,   90000000000",
            "1h,     3600000000000",
            "2H,     7200000000000",
            "' 10s ', 10000000000",
    })
    void parsesEveryUnit(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
        assertThat(Durations.parse("--duration", text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "ten", "1x", "ms", "-1s", "1.s", ".5s", "1 s", "1s2", "1d", "1e3", "PT1S", "99999999h"})
    void refusesWhatIsNotADurationNamingTheFlag(String text) {
        assertThatThrownBy(() -> Durations.parse("--warmup", text))
                .isInstanceOf(LoadSpecException.class)
                .hasMessageStartingWith("--warmup accepts a duration")
                .hasMessageContaining("'" + text + "'")
                .satisfies(e -> assertThat(((LoadSpecException) e).flag()).isEqualTo("--warmup"));
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("accepts a duration");
    }

    @ParameterizedTest
    @CsvSource({"500, 500ms", "1000, 1s", "90000, 90s", "120000, 2m"})
    void formatsShort(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
