package io.shardloop.exec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The executors a worker model can use, by CLI name. */
public enum ExecutorKind {
    GLOBAL_QUEUE("global-queue"),
    WORK_STEALING("work-stealing"),
    ELASTIC("elastic"),
    VIRTUAL("virtual");

    private final String cliName;

    ExecutorKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ExecutorKind parse(String name) {
        for (var k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown executor '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ExecutorKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
