package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.ServerStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measured window is found from the server's own activity, not from when the client process exited. */
class WatcherWindowTest {

    private static Watcher.Tick tick(long ms, long cpuTicks, long messages) {
        var proc = new ProcessSample(1, ms * 1_000_000L, cpuTicks, 0, List.of());
        var loop = new LoopStats("shardloop-loop-0", "loop", 0, 0, 0, 0, 0, 0, messages, 0, 0);
        var admin = new LoopStats("shardloop-admin", "admin", 0, 0, 0, 0, 0, 0, ms / 100, 0, 0);
        return new Watcher.Tick(ms * 1_000_000L, proc, null,
                new ServerStats("single-reactor", 0, List.of(loop, admin), null, 0, 0, 0, "epoll"));
    }

    @Test
    void windowEndsWhereMessagesStopAndLastsTheMeasuredTime() {
        var ticks = new ArrayList<Watcher.Tick>();
        long messages = 0;
        for (int ms = 0; ms <= 5000; ms += 100) {
            boolean load = ms > 1000 && ms <= 4000; // warm-up and measure from 1.0 s to 4.0 s
            messages += load ? 5000 : 0;
            ticks.add(tick(ms, ms / 10, messages));
        }
        var w = Watcher.window(ticks, 2_000_000_000L);
        assertThat(w.last().nanoTime()).isEqualTo(4_000_000_000L);
        assertThat(w.first().nanoTime()).isEqualTo(2_000_000_000L);
        assertThat(w.nanos()).isEqualTo(2_000_000_000L);
    }

    @Test
    void withoutStatsTheServersCpuMarksTheWindow() {
        var ticks = new ArrayList<Watcher.Tick>();
        long cpu = 0;
        for (int ms = 0; ms <= 3000; ms += 100) {
            cpu += ms > 500 && ms <= 2500 ? 9 : 0;
            ticks.add(new Watcher.Tick(ms * 1_000_000L, new ProcessSample(1, ms * 1_000_000L, cpu, 0, List.of()), null, null));
        }
        var w = Watcher.window(ticks, 1_000_000_000L);
        assertThat(w.last().nanoTime()).isEqualTo(2_500_000_000L);
        assertThat(w.first().nanoTime()).isEqualTo(1_500_000_000L);
    }

    @Test
    void cpuAfterTheLoadGeneratorExitedDoesNotExtendTheWindow() {
        var ticks = new ArrayList<Watcher.Tick>();
        long cpu = 0;
        var client = new ProcessSample(2, 0, 0, 0, List.of());
        for (int ms = 0; ms <= 4000; ms += 100) {
            cpu += 9; // busy all along: load until 2.5 s, then JIT and teardown
            boolean alive = ms <= 2600;
            ticks.add(new Watcher.Tick(ms * 1_000_000L, new ProcessSample(1, ms * 1_000_000L, cpu, 0, List.of()),
                    alive ? client : null, null));
        }
        var w = Watcher.window(ticks, 1_000_000_000L);
        assertThat(w.last().nanoTime()).isEqualTo(2_700_000_000L);
    }

    @Test
    void anIdleServerHasNoWindow() {
        var ticks = List.of(tick(0, 0, 0), tick(100, 0, 0), tick(200, 1, 0));
        assertThat(Watcher.window(ticks, 1_000_000_000L)).isNull();
    }
}
