package io.shardloop.http.app;

import io.shardloop.http.router.Router;

/**
 * A user's application: its routes, and what it needs started before the first request and stopped after the last
 * (a connection pool, a client). {@code shardloop serve --app-jar app.jar} finds it in the jar through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.shardloop.http.app.ShardloopApp}) or by
 * {@code --app-class}, and serves it under any model; {@code shardloop advise --app-jar} measures it.
 *
 * <p>A jar may name the requests that exercise it, for {@code advise} without {@code --request}, in the resource
 * {@value #DEFAULT_REQUESTS} (the format of {@code shardloop load --requests}), and the load they are compared at
 * in {@value #DEFAULT_WORKLOAD} (Java properties named like {@code advise}'s flags: {@code connections},
 * {@code rate}, {@code slo-p99}, {@code workload}, {@code duration}, {@code warmup}); the flags override it.
 *
 * <p>When the lab or {@code advise} runs the application, the environment variable {@value #LOAD_CPUS_ENV} holds
 * the CPU list (taskset's syntax) its load generator is pinned to, so that an application which starts a stand-in
 * for a remote dependency can put it there, off the server's CPUs; unset when the runs are not pinned or under
 * plain {@code serve}.
 *
 * <p>Thread contract: {@link #start} and {@link #stop} run on the serving thread, once each; {@link #routes} is
 * called once after {@link #start}; the handlers run where the model says.
 */
public interface ShardloopApp {

    /** The jar resource with the application's default requests. */
    String DEFAULT_REQUESTS = "META-INF/shardloop/requests.txt";

    /** The jar resource with the application's default advise workload (connections, rate, objective, windows). */
    String DEFAULT_WORKLOAD = "META-INF/shardloop/workload.properties";

    /** The environment variable with the load generator's CPUs in a lab run (see above). */
    String LOAD_CPUS_ENV = "SHARDLOOP_LOAD_CPUS";

    /** Acquires what the handlers need; the default does nothing. */
    default void start() throws Exception {
    }

    /** The routes to serve. */
    Router routes();

    /** Releases what {@link #start} acquired, after the server stopped; the default does nothing. */
    default void stop() throws Exception {
    }
}
