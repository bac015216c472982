package io.shardloop.lab.cli;

import io.shardloop.lab.matrix.Profiler;
import java.util.List;

/** Finds a profiler for {@code --profile}, or says in the report's notes why there is none. Stateless. */
final class Profiling {

    private Profiling() {
    }

    static Profiler profiler(List<String> notes) {
        notes.add("--profile: no profiler is available in this build; runs were not profiled.");
        return null;
    }
}
