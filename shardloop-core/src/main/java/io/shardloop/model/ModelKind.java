package io.shardloop.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The threading models of DESIGN.md, by CLI name. */
public enum ModelKind {
    THREAD_PER_CONNECTION("thread-per-connection", false),
    VIRTUAL_THREADS("virtual-threads", false),
    SINGLE_REACTOR("single-reactor", false),
    REACTOR_WORKERS("reactor-workers", true),
    MAIN_SUB("main-sub", false),
    MAIN_SUB_WORKERS("main-sub-workers", true),
    SHARED_NOTHING("shared-nothing", false),
    /** N threads on one epoll instance (EPOLLONESHOT): needs the epoll transport. */
    SHARED_EPOLL("shared-epoll", false);

    private final String cliName;
    private final boolean usesWorkers;

    ModelKind(String cliName, boolean usesWorkers) {
        this.cliName = cliName;
        this.usesWorkers = usesWorkers;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether handlers run on a worker executor rather than on the thread that did the IO. */
    public boolean usesWorkers() {
        return usesWorkers;
    }

    /** Whether its connections live on event loops (and so on a {@link io.shardloop.transport.TransportKind} of choice). */
    public boolean usesLoops() {
        return this != THREAD_PER_CONNECTION && this != VIRTUAL_THREADS;
    }

    /** Whether it runs on the epoll transport only (java.nio's Selector cannot be waited on by several threads). */
    public boolean needsEpoll() {
        return this == SHARED_EPOLL;
    }

    public static ModelKind parse(String name) {
        for (var k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ModelKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
