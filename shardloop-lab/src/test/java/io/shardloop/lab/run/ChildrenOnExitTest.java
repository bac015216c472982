package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The children of a JVM that is exiting are stopped, those started while the hook runs included. */
class ChildrenOnExitTest {

    private static Process sleeper() throws Exception {
        return new ProcessBuilder("sleep", "60").start();
    }

    @Test
    void aChildTrackedAfterTheStopIsStoppedAtOnce() throws Exception {
        var children = new ChildrenOnExit.Children();
        var before = children.track(sleeper());
        children.stopAll();
        assertThat(before.waitFor(5, TimeUnit.SECONDS)).isTrue();
        var late = children.track(sleeper());
        assertThat(late.waitFor(5, TimeUnit.SECONDS)).as("started after the hook took its list").isTrue();
    }

    @Test
    void childrenStartedWhileTheHookRunsAreAllStopped() throws Exception {
        var children = new ChildrenOnExit.Children();
        var started = new ArrayList<Process>();
        var go = new CountDownLatch(1);
        var starter = Thread.ofPlatform().start(() -> {
            try {
                go.await();
                for (int i = 0; i < 20; i++) {
                    var p = children.track(sleeper());
                    synchronized (started) {
                        started.add(p);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        go.countDown();
        Thread.sleep(5); // some before the stop, some after
        children.stopAll();
        starter.join();
        List<Process> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        assertThat(all).hasSize(20);
        for (var p : all) {
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("pid " + p.pid()).isTrue();
        }
    }

    @Test
    void aPausedChildIsResumedAndStoppedWithinTheGrace() throws Exception {
        var children = new ChildrenOnExit.Children();
        var p = children.track(sleeper());
        new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
        long start = System.nanoTime();
        children.stopAll();
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("SIGTERM, not the SIGKILL after the grace")
                .isLessThan(ChildrenOnExit.GRACE_MILLIS);
    }
}
