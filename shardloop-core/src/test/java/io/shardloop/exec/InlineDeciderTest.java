package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InlineDeciderTest {

    @Test
    void neverPolicyAlwaysHandsOff() throws Exception {
        var executor = WorkerExecutors.create(ExecutorKind.GLOBAL_QUEUE, 1, "shardloop-worker-");
        var dispatcher = new InlineDecider(executor, InlinePolicy.never());
        var ranOn = new AtomicReference<String>();
        var done = new CountDownLatch(1);
        assertThat(dispatcher.dispatch(() -> {
            ranOn.set(Thread.currentThread().getName());
            done.countDown();
        }, true)).isEqualTo(InlineDecider.Path.OFFLOADED);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.get()).isEqualTo("shardloop-worker-0");
        executor.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void nonBlockingHandlersRunInlineAndBusyWorkersMakeTheLoopRunItself() throws Exception {
        var executor = WorkerExecutors.create(ExecutorKind.GLOBAL_QUEUE, 1, "shardloop-worker-");
        var dispatcher = new InlineDecider(executor, new InlinePolicy(true, 4, true));
        var caller = Thread.currentThread().getName();

        var ranOn = new AtomicReference<String>();
        assertThat(dispatcher.dispatch(() -> ranOn.set(Thread.currentThread().getName()), true))
                .isEqualTo(InlineDecider.Path.INLINE_NON_BLOCKING);
        assertThat(ranOn.get()).as("ran on the caller (the loop)").isEqualTo(caller);

        // block the only worker, fill the queue past the threshold: the next blocking call runs inline
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            await(release);
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(dispatcher.dispatch(() -> { }, false)).isEqualTo(InlineDecider.Path.OFFLOADED);
        }
        assertThat(dispatcher.dispatch(() -> ranOn.set(Thread.currentThread().getName() + "!"), false))
                .isEqualTo(InlineDecider.Path.INLINE_BUSY);
        assertThat(ranOn.get()).isEqualTo(caller + "!");
        release.countDown();
        assertThat(executor.shutdown(Duration.ofSeconds(10))).isTrue();

        var stats = executor.stats();
        assertThat(stats.inlinedNonBlocking()).isEqualTo(1);
        assertThat(stats.inlinedWhenBusy()).isEqualTo(1);
        assertThat(stats.tasksSubmitted()).isEqualTo(6);
        assertThat(stats.tasksCompleted()).isEqualTo(6);
    }

    @Test
    void policyParsesItsCliForms() {
        assertThat(InlinePolicy.parse("never").isNever()).isTrue();
        assertThat(InlinePolicy.parse("adaptive")).isEqualTo(InlinePolicy.adaptive());
        assertThat(InlinePolicy.parse("busy:8")).isEqualTo(new InlinePolicy(true, 8, false));
        assertThat(InlinePolicy.parse("non-blocking")).isEqualTo(new InlinePolicy(false, 64, true));
        assertThatThrownBy(() -> InlinePolicy.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adaptive");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
