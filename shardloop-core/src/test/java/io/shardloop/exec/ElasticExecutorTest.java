package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hysteresis of the elastic pool: a square-wave load does not churn threads, and an idle pool shrinks to min. */
class ElasticExecutorTest {

    private static final int MIN = 1;
    private static final int MAX = 6;
    private static final Duration KEEP_ALIVE = Duration.ofMillis(600);
    private static final Duration RETIRE_INTERVAL = Duration.ofMillis(100);

    private static ElasticExecutor pool() {
        return new ElasticExecutor(ExecutorConfig.defaults(MAX, "elastic-worker-")
                .withElastic(MIN, KEEP_ALIVE, RETIRE_INTERVAL, Duration.ofMillis(5)));
    }

    @Test
    void squareWaveCreatesThreadsABoundedNumberOfTimesPerCycleAndShrinksWhenIdle() throws Exception {
        var executor = pool();
        int cycles = 4;
        var createdPerCycle = new ArrayList<Long>();
        long before = executor.stats().threadsCreated();
        for (int c = 0; c < cycles; c++) {
            // on: ~250 ms of tasks that block 10 ms, one every 2.5 ms (needs ~4 threads); off: 250 ms idle,
            // shorter than the keep-alive, so the threads of the last burst serve the next one
            var done = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                executor.execute(() -> {
                    sleep(10);
                    done.countDown();
                });
                sleep(2);
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            sleep(250);
            long now = executor.stats().threadsCreated();
            createdPerCycle.add(now - before);
            before = now;
        }
        // the first burst grows the pool; later bursts find the threads still there (the loaded machine may
        // need one more now and then, but never a pool's worth per cycle)
        assertThat(createdPerCycle.getFirst()).isBetween(1L, (long) MAX);
        for (int c = 1; c < cycles; c++) {
            assertThat(createdPerCycle.get(c)).as("threads created in cycle %d of %s", c, createdPerCycle)
                    .isLessThanOrEqualTo(2);
        }
        long total = createdPerCycle.stream().mapToLong(Long::longValue).sum();
        assertThat(total).isLessThanOrEqualTo(MAX + 2);

        // idle: back to min, one retirement per interval at most
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long lastDestroyed = executor.stats().threadsDestroyed();
        while (executor.stats().liveThreads() > MIN && System.nanoTime() < deadline) {
            sleep(20);
            long destroyed = executor.stats().threadsDestroyed();
            assertThat(destroyed - lastDestroyed).as("retirements within 20 ms (interval 100 ms)").isLessThanOrEqualTo(1);
            lastDestroyed = destroyed;
        }
        var stats = executor.stats();
        assertThat(stats.liveThreads()).isEqualTo(MIN);
        sleep(KEEP_ALIVE.toMillis() + 200);
        assertThat(executor.stats().liveThreads()).as("never below min").isEqualTo(MIN);
        assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(executor.stats().liveThreads()).isZero();
    }

    @Test
    void backlogBehindBlockedWorkersGrowsWithoutNewSubmissions() throws Exception {
        var executor = pool();
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            executor.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).as("three blocked tasks all started").isTrue();
        release.countDown();
        assertThat(executor.stats().threadsCreated()).isGreaterThanOrEqualTo(3);
        assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aShortBurstIsAbsorbedWithoutGrowing() throws Exception {
        var executor = pool();
        var done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            executor.execute(done::countDown); // microsecond tasks: the one thread keeps up
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.stats().threadsCreated()).isLessThanOrEqualTo(2);
        assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
