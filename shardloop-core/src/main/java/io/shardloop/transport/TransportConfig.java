package io.shardloop.transport;

import io.shardloop.tls.TlsConfig;
import java.time.Duration;

/**
 * Limits and sizes of the transport, every one with a documented default ({@link #defaults()}).
 *
 * @param highWatermark         outbound bytes above which a connection stops reading (default 64 KiB)
 * @param lowWatermark          outbound bytes below which a paused connection reads again (default 32 KiB)
 * @param readBufferSize        size of the pooled direct buffers a loop reads into and writes from (default 16 KiB)
 * @param maxReadBufferSize     largest buffer a connection may grow to hold one incomplete message; over it the
 *                              connection closes (default 4 MiB; codecs usually refuse earlier)
 * @param maxPipelined          replies owed on one connection above which it stops reading (worker models;
 *                              bounds memory when handlers are slow) (default 256)
 * @param idleTimeout           close a connection with nothing read or written for this long; ZERO = never
 *                              (default 60 s)
 * @param partialMessageTimeout close a connection whose codec holds a partial message this long, after sending
 *                              {@code Codec.partialMessageTimeoutReply()} (HTTP 408); ZERO = never (default 10 s)
 * @param maxConnections        open connections per server; over it a new one is accepted then closed at once
 *                              (default 10,000)
 * @param reusePort             set SO_REUSEPORT on listeners (shared-nothing always does) (default false)
 * @param taskPhaseBudget       longest a loop runs queued tasks before returning to I/O (default 2 ms)
 * @param pooledBuffersPerLoop  buffers a loop keeps for reuse (default 1024, i.e. 16 MiB at 16 KiB)
 * @param backlog               listen backlog (default 1024)
 * @param deferAccept           listeners report a connection only once its first bytes have arrived
 *                              ({@code TCP_DEFER_ACCEPT}, nginx's {@code deferred}): a short connection is then
 *                              accepted with its request already readable, so it is served without entering the
 *                              loop's epoll set. Only for protocols where the client speaks first (HTTP, TLS): a
 *                              connection that sends nothing is accepted only when the kernel gives up deferring it
 *                              (about 1 s later). The epoll transport only; starting with it on java.nio fails
 *                              (default false)
 * @param tls                   TLS on every connection of the server, or null for plaintext (default null)
 */
public record TransportConfig(
        int highWatermark,
        int lowWatermark,
        int readBufferSize,
        int maxReadBufferSize,
        int maxPipelined,
        Duration idleTimeout,
        Duration partialMessageTimeout,
        int maxConnections,
        boolean reusePort,
        Duration taskPhaseBudget,
        int pooledBuffersPerLoop,
        int backlog,
        boolean deferAccept,
        TlsConfig tls) {

    /** A plaintext configuration (no TLS). */
    public TransportConfig(int highWatermark, int lowWatermark, int readBufferSize, int maxReadBufferSize,
                           int maxPipelined, Duration idleTimeout, Duration partialMessageTimeout, int maxConnections,
                           boolean reusePort, Duration taskPhaseBudget, int pooledBuffersPerLoop, int backlog) {
        this(highWatermark, lowWatermark, readBufferSize, maxReadBufferSize, maxPipelined, idleTimeout,
                partialMessageTimeout, maxConnections, reusePort, taskPhaseBudget, pooledBuffersPerLoop, backlog, false, null);
    }

    public TransportConfig {
        require(highWatermark > 0, "highWatermark must be > 0");
        require(lowWatermark >= 0 && lowWatermark <= highWatermark, "lowWatermark must be in 0..highWatermark");
        require(readBufferSize >= 64, "readBufferSize must be >= 64");
        require(maxReadBufferSize >= readBufferSize, "maxReadBufferSize must be >= readBufferSize");
        require(maxPipelined > 0, "maxPipelined must be > 0");
        require(idleTimeout != null && !idleTimeout.isNegative(), "idleTimeout must be >= 0");
        require(partialMessageTimeout != null && !partialMessageTimeout.isNegative(), "partialMessageTimeout must be >= 0");
        require(maxConnections > 0, "maxConnections must be > 0");
        require(taskPhaseBudget != null && taskPhaseBudget.isPositive(), "taskPhaseBudget must be > 0");
        require(pooledBuffersPerLoop >= 0, "pooledBuffersPerLoop must be >= 0");
        require(backlog > 0, "backlog must be > 0");
    }

    public static TransportConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        var b = new Builder();
        b.highWatermark = highWatermark;
        b.lowWatermark = lowWatermark;
        b.readBufferSize = readBufferSize;
        b.maxReadBufferSize = maxReadBufferSize;
        b.maxPipelined = maxPipelined;
        b.idleTimeout = idleTimeout;
        b.partialMessageTimeout = partialMessageTimeout;
        b.maxConnections = maxConnections;
        b.reusePort = reusePort;
        b.taskPhaseBudget = taskPhaseBudget;
        b.pooledBuffersPerLoop = pooledBuffersPerLoop;
        b.backlog = backlog;
        b.deferAccept = deferAccept;
        b.tls = tls;
        return b;
    }

    public TransportConfig withWatermarks(int high, int low) {
        return toBuilder().watermarks(high, low).build();
    }

    public TransportConfig withTimeouts(Duration idle, Duration partial) {
        return toBuilder().idleTimeout(idle).partialMessageTimeout(partial).build();
    }

    public TransportConfig withMaxConnections(int max) {
        return toBuilder().maxConnections(max).build();
    }

    /** The same with TLS on every connection ({@code null}: plaintext). */
    public TransportConfig withTls(TlsConfig config) {
        return toBuilder().tls(config).build();
    }

    public TransportConfig withReusePort(boolean on) {
        return toBuilder().reusePort(on).build();
    }

    public TransportConfig withDeferAccept(boolean on) {
        return toBuilder().deferAccept(on).build();
    }

    /** Builds a {@link TransportConfig}; {@link #build()} checks every field. Not thread-safe. */
    public static final class Builder {
        private int highWatermark = 64 * 1024;
        private int lowWatermark = 32 * 1024;
        private int readBufferSize = 16 * 1024;
        private int maxReadBufferSize = 4 * 1024 * 1024;
        private int maxPipelined = 256;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration partialMessageTimeout = Duration.ofSeconds(10);
        private int maxConnections = 10_000;
        private boolean reusePort;
        private Duration taskPhaseBudget = Duration.ofMillis(2);
        private int pooledBuffersPerLoop = 1024;
        private int backlog = 1024;
        private boolean deferAccept;
        private TlsConfig tls;

        private Builder() {
        }

        public Builder watermarks(int high, int low) {
            highWatermark = high;
            lowWatermark = low;
            return this;
        }

        public Builder readBufferSize(int bytes) {
            readBufferSize = bytes;
            return this;
        }

        public Builder maxReadBufferSize(int bytes) {
            maxReadBufferSize = bytes;
            return this;
        }

        public Builder maxPipelined(int replies) {
            maxPipelined = replies;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        public Builder partialMessageTimeout(Duration d) {
            partialMessageTimeout = d;
            return this;
        }

        public Builder maxConnections(int max) {
            maxConnections = max;
            return this;
        }

        public Builder reusePort(boolean on) {
            reusePort = on;
            return this;
        }

        public Builder taskPhaseBudget(Duration d) {
            taskPhaseBudget = d;
            return this;
        }

        public Builder pooledBuffersPerLoop(int buffers) {
            pooledBuffersPerLoop = buffers;
            return this;
        }

        public Builder backlog(int connections) {
            backlog = connections;
            return this;
        }

        public Builder deferAccept(boolean on) {
            deferAccept = on;
            return this;
        }

        public Builder tls(TlsConfig config) {
            tls = config;
            return this;
        }

        public TransportConfig build() {
            return new TransportConfig(highWatermark, lowWatermark, readBufferSize, maxReadBufferSize, maxPipelined,
                    idleTimeout, partialMessageTimeout, maxConnections, reusePort, taskPhaseBudget,
                    pooledBuffersPerLoop, backlog, deferAccept, tls);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
