package io.shardloop.lab.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An application's default workload resource: parsing, the refusals naming the resource's key, flags over it. */
class AppWorkloadTest {

    private static final String SOURCE = "app.jar!/META-INF/shardloop/workload.properties";

    @Test
    void readsEveryKey() {
        var w = AppWorkload.parse("""
                # the example's shape
                workload = keepalive
                connections = 32
                rate = 500
                slo-p99 = 20ms
                duration = 3s
                warmup = 1500ms
                """, SOURCE);
        assertThat(w).isEqualTo(new AppWorkload("keepalive", 32, 500.0, Duration.ofMillis(20), Duration.ofSeconds(3),
                Duration.ofMillis(1500)));
        assertThat(w.describe()).isEqualTo("workload keepalive, connections 32, rate 500, slo-p99 20ms, duration 3s, warmup 1500ms");
    }

    @Test
    void leavesUnsaidKeysNullAndReadsClosedAsTheClosedLoop() {
        var w = AppWorkload.parse("rate: closed\n", SOURCE);
        assertThat(w.rate()).isZero();
        assertThat(w.connections()).isNull();
        assertThat(w.describe()).isEqualTo("rate closed");
        assertThat(AppWorkload.parse("", SOURCE)).isEqualTo(AppWorkload.NONE);
    }

    @Test
    void aFlagBeatsTheResourceWhichBeatsTheAdvisorsDefaults() {
        var flags = new AppWorkload(null, 4, null, null, null, Duration.ZERO);
        var jar = AppWorkload.parse("connections = 32\nrate = 500\n", SOURCE);
        var load = flags.or(jar).or(AppWorkload.DEFAULTS);
        assertThat(load).isEqualTo(new AppWorkload("keepalive", 4, 500.0, Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ZERO));
        assertThat(AppWorkload.NONE.or(AppWorkload.DEFAULTS)).isEqualTo(AppWorkload.DEFAULTS);
    }

    @Test
    void badValuesNameTheResourceAndTheKey() {
        assertThatThrownBy(() -> AppWorkload.parse("connections = 0", SOURCE))
                .hasMessage(SOURCE + ": connections accepts a count >= 1, got '0'");
        assertThatThrownBy(() -> AppWorkload.parse("connections = many", SOURCE))
                .hasMessage(SOURCE + ": connections accepts a count >= 1, got 'many'");
        assertThatThrownBy(() -> AppWorkload.parse("rate = -5", SOURCE))
                .hasMessage(SOURCE + ": rate accepts a number of requests/s > 0 or 'closed', got '-5'");
        assertThatThrownBy(() -> AppWorkload.parse("rate = NaN", SOURCE)).hasMessageContaining("rate accepts");
        assertThatThrownBy(() -> AppWorkload.parse("workload = long", SOURCE))
                .hasMessage(SOURCE + ": workload accepts keepalive or short, got 'long'");
        assertThatThrownBy(() -> AppWorkload.parse("slo-p99 = ten", SOURCE))
                .hasMessage(SOURCE + ": slo-p99 accepts a duration like 500us, 250ms, 2s, 1m or 1h, got 'ten'");
        assertThatThrownBy(() -> AppWorkload.parse("slo-p99 = 0ms", SOURCE))
                .hasMessage(SOURCE + ": slo-p99 accepts a duration > 0 like 10ms, got '0ms'");
        assertThatThrownBy(() -> AppWorkload.parse("duration = 0", SOURCE)).hasMessageStartingWith(SOURCE + ": duration accepts");
        assertThatThrownBy(() -> AppWorkload.parse("connection = 16", SOURCE))
                .hasMessage(SOURCE + ": unknown key 'connection'; the keys are connections, duration, rate, slo-p99, warmup, workload");
        assertThatThrownBy(() -> AppWorkload.parse("rate = \\u00zz", SOURCE)).hasMessageStartingWith(SOURCE + ": not a properties file");
    }

    @Test
    void theSameChecksNameAFlag() {
        assertThatThrownBy(() -> AppWorkload.rate("fast", "--rate"))
                .hasMessage("--rate accepts a number of requests/s > 0 or 'closed', got 'fast'");
        assertThatThrownBy(() -> AppWorkload.connections("0", "--connections")).hasMessage("--connections accepts a count >= 1, got '0'");
        assertThat(AppWorkload.rate("2000", "--rate")).isEqualTo(2000.0);
        assertThat(AppWorkload.positive("1m", "--duration")).isEqualTo(Duration.ofMinutes(1));
        assertThat(AppWorkload.duration("0", "--warmup")).isEqualTo(Duration.ZERO);
    }
}
