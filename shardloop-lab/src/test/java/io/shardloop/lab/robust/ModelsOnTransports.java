package io.shardloop.lab.robust;

import io.shardloop.model.ModelKind;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Argument sources of the robustness tests: each model on every transport it runs on here. */
final class ModelsOnTransports {
    private ModelsOnTransports() {
    }

    static Stream<Arguments> all() {
        return where(m -> true);
    }

    static Stream<Arguments> loopModels() {
        return where(ModelKind::usesLoops);
    }

    static Stream<Arguments> workerModels() {
        return where(ModelKind::usesWorkers);
    }

    private static Stream<Arguments> where(Predicate<ModelKind> filter) {
        return Arrays.stream(ModelKind.values()).filter(filter)
                .flatMap(m -> m.transports().stream().map(t -> Arguments.of(m, t)));
    }
}
