package io.shardloop.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

    @Test
    void everyFieldHasABuilderSetterAndToBuilderKeepsTheRest() {
        var c = TransportConfig.builder().watermarks(8192, 1024).readBufferSize(4096).maxReadBufferSize(65_536)
                .maxPipelined(8).idleTimeout(Duration.ofSeconds(5)).partialMessageTimeout(Duration.ofSeconds(2))
                .maxConnections(7).reusePort(true).taskPhaseBudget(Duration.ofMillis(1)).pooledBuffersPerLoop(3)
                .backlog(50).deferAccept(true).build();
        assertThat(c).isEqualTo(new TransportConfig(8192, 1024, 4096, 65_536, 8, Duration.ofSeconds(5),
                Duration.ofSeconds(2), 7, true, Duration.ofMillis(1), 3, 50, true, null));
        assertThat(c.toBuilder().backlog(51).build()).isEqualTo(new TransportConfig(8192, 1024, 4096, 65_536, 8,
                Duration.ofSeconds(5), Duration.ofSeconds(2), 7, true, Duration.ofMillis(1), 3, 51, true, null));
        assertThat(new TransportConfig(8192, 1024, 4096, 65_536, 8, Duration.ofSeconds(5), Duration.ofSeconds(2), 7,
                true, Duration.ofMillis(1), 3, 50).deferAccept()).isFalse();
        assertThat(TransportConfig.defaults()).isEqualTo(TransportConfig.builder().build());
        assertThat(TransportConfig.defaults().withMaxConnections(9).maxConnections()).isEqualTo(9);
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> TransportConfig.builder().watermarks(100, 200).build())
                .hasMessageContaining("lowWatermark");
        assertThatThrownBy(() -> TransportConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> TransportConfig.builder().taskPhaseBudget(null).build())
                .hasMessageContaining("taskPhaseBudget");
    }
}
