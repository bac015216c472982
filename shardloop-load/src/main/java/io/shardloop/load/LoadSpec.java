package io.shardloop.load;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run: target, protocol, mode, connections, threads, timing and the request itself. Built and validated by
 * {@link Builder}; every rejection is a {@link LoadSpecException} naming the flag. Immutable, any thread.
 *
 * @param pipeline requests in flight per connection (1 unless mode is PIPELINE)
 * @param rate     total requests per second (0 unless mode is RATE)
 * @param size     echo payload bytes (echo only)
 * @param io       how the load threads reach the kernel (resolved per run: auto picks epoll where it can)
 * @param tls      for https:// targets, how to verify the server and whether to resume sessions; null otherwise
 */
public record LoadSpec(Target target, Protocol protocol, EchoFraming echoCodec, int size, Mode mode, int connections,
                       int threads, Duration duration, Duration warmup, int pipeline, double rate, String method,
                       List<String> headers, byte[] body, ExpectedStatus expectStatus, Duration timeout,
                       boolean progress, IoKind io, TlsOptions tls) {

    public LoadSpec {
        headers = List.copyOf(headers);
        body = body == null ? null : body.clone();
    }

    @Override
    public byte[] body() {
        return body == null ? null : body.clone();
    }

    /** Starts a spec for {@code url} with the defaults listed on each builder method. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Collects settings; {@link #build()} checks them together. One thread at a time. */
    public static final class Builder {
        private final String url;
        private Protocol protocol;
        private EchoFraming echoCodec = EchoFraming.STREAM; // serve's default too, so the two ends agree
        private int size = 64;
        private int connections = 64;
        private int threads = 1;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ofSeconds(1);
        private int pipeline = 1;
        private boolean shortConnections;
        private double rate;
        private boolean rateSet;
        private String method;
        private final List<String> headers = new ArrayList<>();
        private byte[] body;
        private String bodyFlag;
        private ExpectedStatus expectStatus = ExpectedStatus.successful();
        private Duration timeout = Duration.ofSeconds(2);
        private boolean progress;
        private IoKind io = IoKind.AUTO;
        private Boolean tlsResume;
        private java.nio.file.Path tlsTrust;
        private boolean tlsInsecure;

        private Builder(String url) {
            this.url = url;
        }

        /** Default: http for http:// URLs, echo for tcp:// URLs. */
        public Builder protocol(Protocol p) { this.protocol = p; return this; }
        /** Default: framed. */
        public Builder echoCodec(EchoFraming c) { this.echoCodec = c; return this; }
        /** Echo payload bytes; default 64. */
        public Builder size(int bytes) { this.size = bytes; return this; }
        /** Default 64. */
        public Builder connections(int c) { this.connections = c; return this; }
        /** Default 1. */
        public Builder threads(int t) { this.threads = t; return this; }
        /** Measured window; default 10 s. */
        public Builder duration(Duration d) { this.duration = d; return this; }
        /** Load before the measured window, not recorded; default 1 s. */
        public Builder warmup(Duration d) { this.warmup = d; return this; }
        /** Requests in flight per connection; default 1 (keep-alive). */
        public Builder pipeline(int n) { this.pipeline = n; return this; }
        /** A new connection per request; default false. */
        public Builder shortConnections(boolean s) { this.shortConnections = s; return this; }
        /** Open loop at this total rate (requests/s). */
        public Builder rate(double r) { this.rate = r; this.rateSet = true; return this; }
        /** HTTP method; default GET. */
        public Builder method(String m) { this.method = m; return this; }
        /** An extra HTTP header, {@code Name: value}; may be repeated. */
        public Builder header(String h) { this.headers.add(h); return this; }
        /** The request body (HTTP). */
        public Builder body(byte[] b) { this.body = b; this.bodyFlag = "--body"; return this; }
        /** The request body read from a file (HTTP). */
        public Builder bodyFile(Path file) {
            try {
                this.body = Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new LoadSpecException("--body-file", "accepts a readable file, got '" + file + "' (" + e.getMessage() + ")");
            }
            this.bodyFlag = "--body-file";
            return this;
        }
        /** Statuses that count as success; default 2xx. */
        public Builder expectStatus(ExpectedStatus s) { this.expectStatus = s; return this; }
        /** How long a request (or a connect) may take before it counts as failed; default 2 s. */
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        /** Print a progress line to stderr each second; default false. */
        public Builder progress(boolean p) { this.progress = p; return this; }
        /** Socket implementation; default auto (epoll on Linux for IPv4 targets, else nio). */
        public Builder io(IoKind k) { this.io = k; return this; }
        /** https: offer the session of an earlier connection when opening a new one; default true. */
        public Builder tlsResume(boolean on) { this.tlsResume = on; return this; }
        /** https: trust the certificates in this PEM file or PKCS#12/JKS keystore instead of the JDK's CAs. */
        public Builder tlsTrust(java.nio.file.Path file) { this.tlsTrust = file; return this; }
        /** https: accept any server certificate and name, unverified (a test server's self-signed one). */
        public Builder tlsInsecure(boolean on) { this.tlsInsecure = on; return this; }

        public LoadSpec build() {
            Target target = Target.parse(url);
            Protocol proto = protocol != null ? protocol : target.scheme().equals("tcp") ? Protocol.ECHO : Protocol.HTTP;
            if (proto == Protocol.HTTP && target.scheme().equals("tcp")) {
                throw new LoadSpecException("URL", "for --protocol http accepts http://HOST[:PORT][/PATH], got '" + url + "'");
            }
            if (proto == Protocol.ECHO && target.scheme().equals("http") && target.pathAndQuery().length() > 1) {
                throw new LoadSpecException("URL", "for --protocol echo accepts tcp://HOST:PORT, got '" + url + "'");
            }
            if (connections < 1) {
                throw new LoadSpecException("--connections", "accepts an integer >= 1, got '" + connections + "'");
            }
            if (threads < 1) {
                throw new LoadSpecException("--threads", "accepts an integer >= 1, got '" + threads + "'");
            }
            if (threads > connections) {
                throw new LoadSpecException("--threads", "accepts at most --connections (" + connections + "), got '" + threads + "'");
            }
            if (duration == null || duration.isNegative() || duration.toMillis() < 1) {
                throw new LoadSpecException("--duration", "accepts a duration >= 1ms like 10s, got '" + duration + "'");
            }
            if (warmup == null || warmup.isNegative()) {
                throw new LoadSpecException("--warmup", "accepts a duration >= 0 like 2s, got '" + warmup + "'");
            }
            if (timeout == null || timeout.isNegative() || timeout.toMillis() < 1) {
                throw new LoadSpecException("--timeout", "accepts a duration >= 1ms like 2s, got '" + timeout + "'");
            }
            if (pipeline < 1 || pipeline > 1024) {
                throw new LoadSpecException("--pipeline", "accepts an integer from 1 to 1024, got '" + pipeline + "'");
            }
            if (rateSet && !(rate > 0 && Double.isFinite(rate))) {
                throw new LoadSpecException("--rate", "accepts a number of requests per second > 0, got '" + fmt(rate) + "'");
            }
            if (shortConnections && pipeline > 1) {
                throw new LoadSpecException("--short", "cannot be combined with --pipeline");
            }
            if (rateSet && shortConnections) {
                throw new LoadSpecException("--rate", "cannot be combined with --short");
            }
            if (rateSet && pipeline > 1) {
                throw new LoadSpecException("--rate", "cannot be combined with --pipeline");
            }
            TlsOptions tls = tlsOptions(target, proto);
            Mode mode = rateSet ? Mode.RATE : shortConnections ? Mode.SHORT : pipeline > 1 ? Mode.PIPELINE : Mode.KEEPALIVE;
            if (proto == Protocol.ECHO) {
                if (method != null) {
                    throw new LoadSpecException("--method", "applies to --protocol http only");
                }
                if (!headers.isEmpty()) {
                    throw new LoadSpecException("--header", "applies to --protocol http only");
                }
                if (body != null) {
                    throw new LoadSpecException(bodyFlag, "applies to --protocol http only (use --size for echo)");
                }
                if (size < 1 || size > 16 << 20) {
                    throw new LoadSpecException("--size", "accepts a payload size from 1 to 16777216 bytes, got '" + size + "'");
                }
            }
            String m = method == null ? "GET" : method.strip();
            if (!m.matches("[A-Za-z]{1,20}")) {
                throw new LoadSpecException("--method", "accepts an HTTP method such as GET or POST, got '" + method + "'");
            }
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon < 1 || !h.substring(0, colon).strip().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")
                        || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0) {
                    throw new LoadSpecException("--header", "accepts 'Name: value', got '" + h + "'");
                }
            }
            return new LoadSpec(target, proto, echoCodec, size, mode, connections, threads, duration, warmup,
                    pipeline, rateSet ? rate : 0, m.toUpperCase(java.util.Locale.ROOT), headers, body, expectStatus,
                    timeout, progress, io, tls);
        }

        private TlsOptions tlsOptions(Target target, Protocol proto) {
            if (!target.tls()) {
                String flag = tlsResume != null ? "--tls-resumption" : tlsTrust != null ? "--tls-trust"
                        : tlsInsecure ? "--tls-insecure" : null;
                if (flag != null) {
                    throw new LoadSpecException(flag, "applies to https:// URLs only, got '" + url + "'");
                }
                return null;
            }
            if (proto != Protocol.HTTP) {
                throw new LoadSpecException("--protocol", "for an https:// URL accepts http only");
            }
            if (tlsInsecure && tlsTrust != null) {
                throw new LoadSpecException("--tls-insecure", "cannot be combined with --tls-trust");
            }
            var options = new TlsOptions(tlsResume == null || tlsResume, tlsTrust, tlsInsecure);
            TlsClient.trustStore(options); // a bad --tls-trust file is a bad argument, said before the run
            return options;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
