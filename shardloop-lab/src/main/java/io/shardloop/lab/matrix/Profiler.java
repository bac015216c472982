package io.shardloop.lab.matrix;

import java.nio.file.Path;
import java.util.List;

/** Adds a profiling agent to the server's JVM so that each run leaves a flame graph. Stateless. */
public interface Profiler {

    /** JVM options that make the server write a flame graph to {@code output} when it exits. */
    List<String> jvmOptions(Path output);
}
