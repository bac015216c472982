package io.shardloop.model;

import io.shardloop.exec.BusyProbe;
import io.shardloop.exec.StallWatchdog;
import java.util.List;

/** Puts a server's loops and workers under a {@link StallWatchdog}. Thread contract: any thread. */
public final class Watchdogs {

    private Watchdogs() {
    }

    /**
     * Watches every loop of {@code server} (threshold: the watchdog's loop threshold) and its live workers (the
     * worker threshold) until the returned registration is closed.
     */
    public static AutoCloseable watch(StallWatchdog watchdog, Server server) {
        List<BusyProbe> loops = List.copyOf(server.loopProbes());
        var loopReg = watchdog.watchAll(() -> loops);
        var workerReg = watchdog.watchAll(server::workerProbes);
        return () -> {
            loopReg.close();
            workerReg.close();
        };
    }
}
