package io.shardloop.lab.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkRateTest {

    @Test
    void readsTcUnits() {
        assertThat(LinkRate.parse("200mbit").bitsPerSecond()).isEqualTo(200_000_000L);
        assertThat(LinkRate.parse("1.5gbit").bitsPerSecond()).isEqualTo(1_500_000_000L);
        assertThat(LinkRate.parse("25mbps").bitsPerSecond()).isEqualTo(200_000_000L);
        assertThat(LinkRate.parse("500kbit").tc()).isEqualTo("500000bit");
        assertThat(LinkRate.parse("64000").bitsPerSecond()).isEqualTo(64_000L);
        assertThat(LinkRate.parse("200mbit")).hasToString("200mbit");
    }

    @Test
    void refusesWhatTcWouldNotReadOrCannotCarry() {
        assertThatThrownBy(() -> LinkRate.parse("fast")).hasMessageContaining("not a rate in tc's units")
                .hasMessageContaining("200mbit");
        assertThatThrownBy(() -> LinkRate.parse("10mib")).hasMessageContaining("not a rate in tc's units");
        assertThatThrownBy(() -> LinkRate.parse("100bit")).hasMessageContaining("below 8kbit");
    }

    @Test
    void countersFromTcsOutput() {
        var out = """
                qdisc tbf 8001: root refcnt 2 rate 50Mbit burst 16Kb lat 20ms\s
                 Sent 123456 bytes 789 pkt (dropped 3, overlimits 45 requeues 0)\s
                 backlog 1514b 1p requeues 0
                """;
        var d = LinkCounters.Direction.parse(out);
        assertThat(d).isEqualTo(new LinkCounters.Direction(123456, 789, 3, 45, 1514));
        var a = new LinkCounters(0, new LinkCounters.Direction(0, 0, 0, 0, 0), new LinkCounters.Direction(0, 0, 0, 0, 0));
        var b = new LinkCounters(2_000_000_000L, new LinkCounters.Direction(12_500_000, 10_000, 2, 0, 0), d);
        assertThat(b.since(a).line(LinkRate.parse("50mbit")))
                .startsWith("link: server→client 50.0 Mbit/s (100% of 50mbit), 5000 pkt/s, 2 dropped");
    }
}
