package io.shardloop.testkit;

import io.shardloop.nativeio.Libc;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Argument sources of the suites that run over transport x model (core, and http's suites and robustness tests, through
 * core's test-jar): each model on every transport it runs on here.
 */
public final class ModelsOnTransports {
    private ModelsOnTransports() {
    }

    public static Stream<Arguments> all() {
        return where(m -> true);
    }

    public static Stream<Arguments> loopModels() {
        return where(ModelKind::usesLoops);
    }

    /** The loop models that run the handler on the loop thread itself (a handler that blocks stalls its loop). */
    public static Stream<Arguments> loopHandlerModels() {
        return where(m -> m.usesLoops() && !m.usesWorkers());
    }

    /** The models that serve TLS: all of them. */
    public static Stream<Arguments> tlsModels() {
        return all();
    }

    /** The loop models that can run TLS handshakes on workers: all but shared-epoll, which has no worker pool. */
    public static Stream<Arguments> tlsLoopModels() {
        return where(m -> m.usesLoops() && m != ModelKind.SHARED_EPOLL);
    }

    public static Stream<Arguments> workerModels() {
        return where(ModelKind::usesWorkers);
    }

    /**
     * Each worker model on each executor kind, on one transport (the executors never touch a socket): the suites'
     * other tests run the worker models on the default executor only.
     */
    public static Stream<Arguments> workerModelsOnExecutors() {
        var transport = Libc.AVAILABLE ? TransportKind.EPOLL : TransportKind.NIO;
        return Arrays.stream(ModelKind.values()).filter(ModelKind::usesWorkers)
                .flatMap(m -> Arrays.stream(ExecutorKind.values()).map(e -> Arguments.of(m, transport, e)));
    }

    /**
     * The loop models on nio and, where it runs, epoll; the connection-thread models block on java.nio channels
     * whatever the setting, so once; shared-epoll on epoll only (nowhere where epoll cannot run).
     */
    static List<TransportKind> transports(ModelKind model) {
        if (model.needsEpoll()) {
            return Libc.AVAILABLE ? List.of(TransportKind.EPOLL) : List.of();
        }
        if (!model.usesLoops() || !Libc.AVAILABLE) {
            return List.of(TransportKind.NIO);
        }
        return List.of(TransportKind.NIO, TransportKind.EPOLL);
    }

    private static Stream<Arguments> where(Predicate<ModelKind> filter) {
        return Arrays.stream(ModelKind.values()).filter(filter)
                .flatMap(m -> transports(m).stream().map(t -> Arguments.of(m, t)));
    }
}
