package io.shardloop.load;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a run measured, in the JSON shape the lab reads ({@link #toJson()}, {@link #fromJson(String)}), plus the
 * merged histograms and warnings for in-process callers. Immutable once built, any thread.
 *
 * @param sendLagHistogram rate mode: how late each send left after its intended time (µs); null otherwise
 * @param loopCpuShare     the load threads' own CPU time over their wall time, summed (1.0 = one core busy), from
 *                         the JVM's per-thread clock over the whole run; -1 where the JVM cannot measure it
 * @param tls              https: the handshakes of the measured window, apart from the requests; null otherwise
 */
@JsonPropertyOrder({"url", "protocol", "mode", "connections", "threads", "io", "durationSeconds", "requests", "bytesRead",
        "requestsPerSecond", "bytesPerSecond", "latencyMicros", "uncorrectedLatencyMicros", "errors", "timeline",
        "cpu", "targetRate", "achievedRate", "tls"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadResult(String url, String protocol, String mode, int connections, int threads, String io,
                         double durationSeconds, long requests, long bytesRead, double requestsPerSecond,
                         double bytesPerSecond, Latency latencyMicros, Latency uncorrectedLatencyMicros,
                         Errors errors, List<Second> timeline, Cpu cpu, Double targetRate, double achievedRate,
                         @JsonIgnore Histogram latencyHistogram, @JsonIgnore Histogram uncorrectedHistogram,
                         @JsonIgnore long connectionsOpened, @JsonIgnore List<String> warnings,
                         @JsonIgnore Histogram sendLagHistogram, @JsonIgnore double loopCpuShare, Tls tls,
                         @JsonIgnore Histogram handshakeHistogram) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Latency percentiles in microseconds. */
    @JsonPropertyOrder({"p50", "p90", "p99", "p999", "p9999", "max", "mean"})
    public record Latency(long p50, long p90, long p99, long p999, long p9999, long max, double mean) {
        static Latency of(Histogram h) {
            return new Latency(h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(),
                    Math.round(h.getMean() * 10) / 10.0);
        }
    }

    /** Failed requests by kind. */
    @JsonPropertyOrder({"connect", "reset", "timeout", "garbage", "status", "tls", "total"})
    public record Errors(long connect, long reset, long timeout, long garbage, long status, long tls, long total) {
        static Errors of(long[] byKind) {
            long total = 0;
            for (long e : byKind) {
                total += e;
            }
            return new Errors(byKind[ErrorKind.CONNECT.ordinal()], byKind[ErrorKind.RESET.ordinal()],
                    byKind[ErrorKind.TIMEOUT.ordinal()], byKind[ErrorKind.GARBAGE.ordinal()],
                    byKind[ErrorKind.STATUS.ordinal()], byKind[ErrorKind.TLS.ordinal()], total);
        }

        public long of(ErrorKind kind) {
            return switch (kind) {
                case CONNECT -> connect;
                case RESET -> reset;
                case TIMEOUT -> timeout;
                case GARBAGE -> garbage;
                case STATUS -> status;
                case TLS -> tls;
            };
        }
    }

    /**
     * TLS handshakes finished in the measured window (each new connection of an https run makes one), timed from the
     * TCP connection being up to the end of the handshake; their failures are also the {@code tls} errors.
     *
     * @param resume   whether sessions were offered for resumption ({@code --tls-resumption})
     * @param resumed  handshakes that resumed an earlier session (no certificate was sent)
     */
    @JsonPropertyOrder({"resume", "handshakes", "resumed", "failed", "handshakesPerSecond", "handshakeMicros"})
    public record Tls(boolean resume, long handshakes, long resumed, long failed, double handshakesPerSecond,
                      Latency handshakeMicros) {
    }

    /** Successes and failures completed in one second of the measured window (0 = the first). */
    @JsonPropertyOrder({"second", "requests", "errors"})
    public record Second(int second, long requests, long errors) {
    }

    /**
     * The generator's own CPU over the measured window.
     *
     * @param utilisation CPU seconds per wall second (1.0 = one core busy)
     */
    @JsonPropertyOrder({"userSeconds", "systemSeconds", "microsPerRequest", "utilisation"})
    public record Cpu(double userSeconds, double systemSeconds, double microsPerRequest, double utilisation) {
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write load result as JSON", e);
        }
    }

    /** Reads a result written by {@link #toJson()} (histograms and warnings are not in the JSON). */
    public static LoadResult fromJson(String json) {
        try {
            return JSON.readValue(json, LoadResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a load result: " + e.getOriginalMessage(), e);
        }
    }
}
