package io.shardloop.bench;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.codec.Exchange;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Request;
import io.shardloop.http.Response;
import io.shardloop.http.endpoints.BenchmarkEndpoints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP hot path without the network: decode a request as wrk or a browser sends it, route it to the
 * benchmark endpoint, encode the response, as a loop model does inline. Per request, in ns; the socket costs of
 * a real run (several microseconds) come on top.
 * {@code java -jar shardloop-bench/target/benchmarks.jar HttpCodec -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpCodecBenchmark {

    @Param({"wrk-plaintext", "browser-json", "post-echo-chunked"})
    public String request;

    private byte[] bytes;
    private HttpCodec codec;
    private final EndpointHandler endpointHandler = new EndpointHandler(BenchmarkEndpoints.router());
    private final ByteBuffer in = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private final Exchange<Response> noDefer = () -> {
        throw new IllegalStateException("the benchmark endpoints answer inline");
    };
    private final ByteSink sink = new ByteSink() {
        @Override
        public void put(byte b) {
            out.put(b);
        }

        @Override
        public void put(byte[] src, int offset, int length) {
            out.put(src, offset, length);
        }

        @Override
        public void put(ByteBuffer src) {
            out.put(src);
        }
    };
    private final DecodeSink<Request> inline = m -> codec.encode(endpointHandler.handle(m, noDefer), sink);

    @Setup
    public void setup() {
        String raw = switch (request) {
            case "wrk-plaintext" -> "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
            case "browser-json" -> "GET /json HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; "
                    + "rv:128.0) Gecko/20100101 Firefox/128.0\r\nAccept: text/html,application/xhtml+xml,application/xml;"
                    + "q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\n"
                    + "Connection: keep-alive\r\nUpgrade-Insecure-Requests: 1\r\nSec-Fetch-Dest: document\r\n\r\n";
            case "post-echo-chunked" -> "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";
            default -> throw new IllegalArgumentException(request);
        };
        bytes = raw.getBytes(StandardCharsets.US_ASCII);
        codec = new HttpCodec(HttpLimits.defaults());
    }

    @Benchmark
    public int decodeRouteEncode() throws CodecException {
        in.clear();
        in.put(bytes).flip();
        out.clear();
        codec.decode(in, inline);
        return out.position();
    }
}
