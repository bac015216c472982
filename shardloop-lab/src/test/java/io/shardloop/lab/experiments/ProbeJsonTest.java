package io.shardloop.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A probe's arguments and result survive the trip between JVMs, and a missing field fails instead of reading NaN. */
class ProbeJsonTest {

    private static final ThreadsProbe.Result RESULT = new ThreadsProbe.Result(ThreadsProbe.Scenario.WAIT_WORK, 40, 1.0,
            1234, 1234.0, 1000, new Percentiles(1, 2, 3, 4, 1.5), Percentiles.NONE, new ProbeCpu(0.5, 90, 10, 2));

    @Test
    void argumentsRoundTrip() throws Exception {
        var args = new ThreadsProbe.Args(ThreadsProbe.Scenario.WAIT_WORK, 40, 2000, 20_000);
        assertThat(ProbeJson.args(new String[] {ProbeJson.encode(args)}, ThreadsProbe.Args.class)).isEqualTo(args);
        var runnable = new RunnableProbe.Args(RunnableProbe.Others.YIELDING, 50, 2000, 100_000);
        assertThat(ProbeJson.args(new String[] {ProbeJson.encode(runnable)}, RunnableProbe.Args.class)).isEqualTo(runnable);
    }

    @Test
    void resultsRoundTripWithNaN() throws Exception {
        var line = new ObjectMapper().readTree(ProbeJson.encode(RESULT));
        var back = ProbeJson.read(line, ThreadsProbe.Result.class);
        assertThat(back.creation()).isEqualTo(RESULT.creation());
        assertThat(back.queueWait().p99()).isNaN();
        assertThat(back.cpu()).isEqualTo(RESULT.cpu());
        assertThat(back.scenario()).isEqualTo(ThreadsProbe.Scenario.WAIT_WORK);
    }

    @Test
    void aMissingFieldFailsTheRead() throws Exception {
        var line = (ObjectNode) new ObjectMapper().readTree(ProbeJson.encode(RESULT));
        line.remove("tasksPerSecond");
        assertThatThrownBy(() -> ProbeJson.read(line, ThreadsProbe.Result.class)).hasMessageContaining("tasksPerSecond");
    }

    @Test
    void aProbeRunsInProcess() throws Exception {
        var r = ThreadsProbe.run(new ThreadsProbe.Args(ThreadsProbe.Scenario.POOL, 2, 100, 1000));
        assertThat(r.tasks()).isPositive();
        assertThat(r.queueWait().p99()).isPositive();
        assertThat(r.creation()).isEqualTo(Percentiles.NONE);
    }
}
