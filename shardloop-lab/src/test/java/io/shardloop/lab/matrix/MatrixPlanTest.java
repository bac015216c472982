package io.shardloop.lab.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixPlanTest {

    @Test
    void modelsThatIgnoreTheThreadCountRunOncePerWorkload() {
        var plan = new MatrixPlan(List.of(ModelKind.SINGLE_REACTOR, ModelKind.REACTOR_WORKERS, ModelKind.MAIN_SUB,
                ModelKind.SHARED_NOTHING, ModelKind.THREAD_PER_CONNECTION, ModelKind.VIRTUAL_THREADS), List.of(1, 2, 4), List.of(Workload.HTTP_KEEPALIVE, Workload.HTTP_SHORT), 64,
                Duration.ofSeconds(1), Duration.ofSeconds(1), new BuiltinDriver(), new CpuSets("0", "1", true),
                Path.of("out"), List.of(), false, Map.of(), io.shardloop.transport.TransportKind.AUTO, null);
        assertThat(plan.runs()).isEqualTo(2 * (1 + 1 + 3 + 3 + 1 + 1));
        assertThat(plan.cells()).filteredOn(c -> c.model() == ModelKind.SINGLE_REACTOR)
                .extracting(MatrixPlan.Cell::threads).containsExactly(1, 1);
        assertThat(plan.cells().getFirst()).isEqualTo(new MatrixPlan.Cell(Workload.HTTP_KEEPALIVE, ModelKind.SINGLE_REACTOR, 1));
        assertThat(plan.threadCounts(ModelKind.MAIN_SUB)).containsExactly(1, 2, 4);
        // serve --threads counts event loops; the connection-thread models have none
        assertThat(plan.threadCounts(ModelKind.THREAD_PER_CONNECTION)).containsExactly(1);
        assertThat(plan.threadCounts(ModelKind.VIRTUAL_THREADS)).containsExactly(1);
    }

    @Test
    void httpsWorkloadsRunOnEveryModelSharedEpollToo() {
        var plan = new MatrixPlan(List.of(ModelKind.SINGLE_REACTOR, ModelKind.SHARED_EPOLL), List.of(1, 2),
                List.of(Workload.HTTP_SHORT, Workload.HTTPS_SHORT), 64, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new BuiltinDriver(), new CpuSets("0", "1", true), Path.of("out"), List.of(), false, Map.of(),
                io.shardloop.transport.TransportKind.AUTO, null);
        assertThat(plan.cells()).filteredOn(c -> c.workload() == Workload.HTTPS_SHORT)
                .extracting(MatrixPlan.Cell::model).contains(ModelKind.SINGLE_REACTOR, ModelKind.SHARED_EPOLL);
        assertThat(plan.cells()).filteredOn(c -> c.workload() == Workload.HTTP_SHORT)
                .extracting(MatrixPlan.Cell::model).contains(ModelKind.SHARED_EPOLL);
    }
}
