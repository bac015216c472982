package io.shardloop.lab.cores;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.ThreadFigures;
import io.shardloop.stats.ThreadRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget check on synthetic figures: 10% cores, a main thread at its budget, loops below, the JVM's share. */
class BudgetCheckTest {

    private static ThreadFigures thread(int tid, String name, ThreadRole role, double cpu) {
        return new ThreadFigures(tid, name, role, cpu, cpu / 2, cpu / 2, 100, 10, false);
    }

    private static ProcessFigures server(ThreadFigures... threads) {
        double cpu = List.of(threads).stream().mapToDouble(ThreadFigures::cpuPercent).sum();
        return new ProcessFigures(1, 2.0, cpu, cpu / 2, cpu / 2, 0, 0, 0, List.of(threads), List.of());
    }

    private static CoreGroups groups(ThrottleStat main) {
        return new CoreGroups(CoreBudget.of(0.1), 1, List.of(
                new CoreGroups.Group("main-10", ThreadRole.MAIN, List.of(10), main, CoreBudget.of(0.1)),
                new CoreGroups.Group("loop-11", ThreadRole.LOOP, List.of(11), ThrottleStat.NONE, CoreBudget.of(0.1)),
                new CoreGroups.Group("loop-12", ThreadRole.LOOP, List.of(12), ThrottleStat.NONE, CoreBudget.of(0.1)),
                new CoreGroups.Group("jvm", ThreadRole.JVM, List.of(20, 21), ThrottleStat.NONE, CoreBudget.ofCpus(0.7))));
    }

    @Test
    void groupsAtOrBelowTheirBudgetHeld() {
        var check = BudgetCheck.of(groups(new ThrottleStat(200, 180, 1_500_000_000L)), server(
                thread(10, "shardloop-main", ThreadRole.MAIN, 10.0), thread(11, "shardloop-loop-", ThreadRole.LOOP, 4.5),
                thread(12, "shardloop-loop-", ThreadRole.LOOP, 6.5), thread(20, "C2 CompilerThre", ThreadRole.JVM, 2.0),
                thread(21, "shardloop-admin", ThreadRole.ADMIN, 1.0)));
        assertThat(check.held()).isTrue();
        assertThat(check.cores()).isEqualTo(3);
        assertThat(check.oversubscribed()).isFalse();
        assertThat(check.jvmCpuPercent()).isEqualTo(3.0);
        assertThat(check.busiest(ThreadRole.MAIN).orElseThrow().throttled()).isEqualTo(180);
        assertThat(check.line()).startsWith("3 emulated cores at 10.0% of a CPU (quota 1 ms per 10 ms period): held")
                .contains("; main 10.0% (throttled in 180 of 200 periods)")
                .contains("; loops 4.5-6.5%")
                .endsWith("; other JVM threads 3.0% of their own budget of 70.0%");
    }

    @Test
    void aGroupAboveItsBudgetIsNamed() {
        var check = BudgetCheck.of(groups(ThrottleStat.NONE), server(
                thread(10, "shardloop-main", ThreadRole.MAIN, 30.0), thread(11, "shardloop-loop-", ThreadRole.LOOP, 4.5)));
        assertThat(check.held()).isFalse();
        assertThat(check.line()).contains("exceeded by main-10 30.0%");
    }

    @Test
    void budgetsAddingUpToMoreThanTheCpusAreOversubscribed() {
        var many = new java.util.ArrayList<CoreGroups.Group>();
        for (int i = 0; i < 12; i++) {
            many.add(new CoreGroups.Group("worker-" + i, ThreadRole.WORKER, List.of(i), ThrottleStat.NONE, CoreBudget.of(0.1)));
        }
        var check = BudgetCheck.of(new CoreGroups(CoreBudget.of(0.1), 1, many), server());
        assertThat(check.oversubscribed()).isTrue();
        assertThat(check.line()).contains("oversubscribed");
    }
}
