package io.shardloop.http;

import java.time.Duration;

/**
 * Every limit the HTTP server enforces, with its default. Immutable; any thread.
 *
 * @param maxRequestLineBytes request line longer than this (without CRLF): 414 and close (default 8 KiB)
 * @param maxHeaderBytes      header section (or trailer section) larger than this: 431 and close (default 16 KiB)
 * @param maxHeaderCount      more header fields than this: 431 and close (default 100)
 * @param maxBodyBytes        request body larger than this (Content-Length or chunked total): 413 and close
 *                            (default 1 MiB)
 * @param headerTimeout       a request not complete this long after its first byte (slowloris): 408 and close,
 *                            enforced by the transport's partial-message timeout (default 20 s)
 * @param idleTimeout         a keep-alive connection with nothing in flight is closed after this (default 60 s)
 * @param maxConnections      concurrent connections; a connection beyond it is accepted and closed at once by the
 *                            transport (default 10,000)
 */
public record HttpLimits(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        int maxBodyBytes,
        Duration headerTimeout,
        Duration idleTimeout,
        int maxConnections) {

    public static final int DEFAULT_MAX_REQUEST_LINE_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    public HttpLimits {
        positive("maxRequestLineBytes", maxRequestLineBytes);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaderCount", maxHeaderCount);
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0, was " + maxBodyBytes);
        }
        positive("maxConnections", maxConnections);
        if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("headerTimeout must be > 0, was " + headerTimeout);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be > 0, was " + idleTimeout);
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_REQUEST_LINE_BYTES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_HEADER_COUNT,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    public HttpLimits withMaxRequestLineBytes(int v) {
        return new HttpLimits(v, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout, maxConnections);
    }

    public HttpLimits withMaxHeaderBytes(int v) {
        return new HttpLimits(maxRequestLineBytes, v, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout, maxConnections);
    }

    public HttpLimits withMaxHeaderCount(int v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, v, maxBodyBytes, headerTimeout, idleTimeout, maxConnections);
    }

    public HttpLimits withMaxBodyBytes(int v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, v, headerTimeout, idleTimeout, maxConnections);
    }

    public HttpLimits withHeaderTimeout(Duration v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, v, idleTimeout, maxConnections);
    }

    public HttpLimits withIdleTimeout(Duration v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout, v, maxConnections);
    }

    public HttpLimits withMaxConnections(int v) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout, idleTimeout, v);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }
}
