package io.shardloop.model;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a server, every field with a documented default ({@link #builder()}).
 *
 * @param host       address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} serves every interface)
 * @param port       port to bind; 0 picks a free one, see {@link Server#port()} (default 8080)
 * @param model      threading model (default {@code single-reactor})
 * @param threads    event loops: single-reactor uses 1 whatever this says; main-sub(-workers) use this many
 *                   sub-loops plus the main loop; shared-nothing this many loops; reactor-workers 1 loop.
 *                   Ignored by the connection-thread models, whose thread count is the connection count
 *                   (capped by {@code transport.maxConnections}) (default: available processors)
 * @param workers    worker threads of worker models (default: 2 x available processors)
 * @param executor   worker executor kind of worker models (default {@code global-queue})
 * @param transport  buffer sizes, watermarks, timeouts, limits (default {@link TransportConfig#defaults()})
 * @param shutdownGrace how long {@link Server#close()} lets in-flight replies finish (default 5 s)
 * @param inline     worker models: when a handler runs on the loop instead of a worker
 *                   (default {@link InlinePolicy#never()}: always hand off)
 * @param workerQueue worker models: tasks that may wait for a worker; beyond it the message is refused and
 *                   the codec's overloaded reply (HTTP 503) is sent (default {@link Integer#MAX_VALUE}: unbounded)
 * @param transportKind the loop models' transport: {@code epoll} or {@code nio}, or {@code auto} for epoll where
 *                   it runs (Linux x86_64/aarch64 with native access) (default {@link TransportKind#AUTO});
 *                   the connection-thread models always block on java.nio channels
 * @param subLoopChoice main-sub(-workers): which sub-loop gets an accepted connection (default round-robin)
 * @param reuseportBalance shared-nothing: how the kernel picks a loop's listener (default hash; cpu needs epoll)
 */
public record ServerConfig(String host, int port, ModelKind model, int threads, int workers, ExecutorKind executor,
                           TransportConfig transport, Duration shutdownGrace,
                           InlinePolicy inline, int workerQueue, TransportKind transportKind,
                           SubLoopChoice subLoopChoice, ReuseportBalance reuseportBalance) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(inline, "inline");
        Objects.requireNonNull(transportKind, "transportKind");
        Objects.requireNonNull(subLoopChoice, "subLoopChoice");
        Objects.requireNonNull(reuseportBalance, "reuseportBalance");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (workerQueue < 1) {
            throw new IllegalArgumentException("workerQueue must be >= 1, got " + workerQueue);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).model(model).threads(threads).workers(workers).executor(executor)
                .transport(transport).shutdownGrace(shutdownGrace).inline(inline).workerQueue(workerQueue).transport(transportKind)
                .subLoopChoice(subLoopChoice).reuseportBalance(reuseportBalance);
    }

    /** Builds a {@link ServerConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int workerQueue = Integer.MAX_VALUE;
        private int port = 8080;
        private ModelKind model = ModelKind.SINGLE_REACTOR;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int workers = 2 * Runtime.getRuntime().availableProcessors();
        private ExecutorKind executor = ExecutorKind.GLOBAL_QUEUE;
        private TransportConfig transport = TransportConfig.defaults();
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private InlinePolicy inline = InlinePolicy.never();
        private TransportKind transportKind = TransportKind.AUTO;
        private SubLoopChoice subLoopChoice = SubLoopChoice.ROUND_ROBIN;
        private ReuseportBalance reuseportBalance = ReuseportBalance.HASH;

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder model(ModelKind v) {
            model = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder executor(ExecutorKind v) {
            executor = v;
            return this;
        }

        public Builder transport(TransportConfig v) {
            transport = v;
            return this;
        }

        /** The loop models' transport (see {@link ServerConfig#transportKind()}). */
        public Builder transport(TransportKind v) {
            transportKind = v;
            return this;
        }

        public Builder subLoopChoice(SubLoopChoice v) {
            subLoopChoice = v;
            return this;
        }

        public Builder reuseportBalance(ReuseportBalance v) {
            reuseportBalance = v;
            return this;
        }

        public Builder shutdownGrace(Duration v) {
            shutdownGrace = v;
            return this;
        }

        public Builder inline(InlinePolicy v) {
            inline = v;
            return this;
        }

        public Builder workerQueue(int v) {
            workerQueue = v;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, model, threads, workers, executor, transport, shutdownGrace, inline,
                    workerQueue, transportKind, subLoopChoice, reuseportBalance);
        }
    }
}
