package io.shardloop.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the HTTP/1.1 codec (Jazzer). Property: every byte sequence, fed in any split,
 * yields requests, or one 4xx/5xx reply and a close; the same requests, and an error or not, whatever the split;
 * no exception other than the codec's own escapes; no call hangs; the codec's receive buffer never grows past
 * what its limits allow. The seed corpus is under src/test/resources/io/shardloop/http/HttpCodecFuzzTestInputs.
 *
 * <p>In the build this fuzzes for a few seconds (JAZZER_FUZZ=1, see the module pom). Longer:
 * {@code JAZZER_FUZZ=1 ./mvnw -pl shardloop-http -am test -Dtest=HttpCodecFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m}
 */
@Tag("slow")
class HttpCodecFuzzTest {

    /** Small limits so the fuzzer reaches every limit with short inputs. */
    static final HttpLimits LIMITS = HttpLimits.defaults()
            .withMaxRequestLineBytes(256)
            .withMaxHeaderBytes(512)
            .withMaxHeaderCount(8)
            .withMaxBodyBytes(1024)
            .withHeaderTimeout(Duration.ofSeconds(1));

    /**
     * The largest receive buffer the limits allow: one request's line, headers, body and a chunk line (a body
     * or trailer section is held until complete), doubled for the buffer's growth step, plus the read itself.
     */
    static int bufferBound(int readSize) {
        int oneRequest = LIMITS.maxRequestLineBytes() + LIMITS.maxHeaderBytes() + LIMITS.maxBodyBytes()
                + LIMITS.maxHeaderBytes() + RequestParser.MAX_CHUNK_LINE + 4096;
        return 2 * (oneRequest + readSize);
    }

    private static final long HANG_NANOS = Duration.ofSeconds(2).toNanos();

    @FuzzTest(maxDuration = "3s")
    void anySplitYieldsRequestsOrOneErrorAndClose(FuzzedDataProvider data) throws Exception {
        int[] splits = new int[data.consumeInt(0, 6)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = data.consumeInt(1, 80);
        }
        byte[] bytes = data.consumeRemainingAsBytes();

        long t0 = System.nanoTime();
        var wholeCodec = new HttpCodec(LIMITS);
        var whole = CodecDriver.feed(wholeCodec, bytes, new int[0], Integer.MAX_VALUE / 4,
                HttpCodecFuzzTest::describe);
        var splitCodec = new HttpCodec(LIMITS);
        var split = CodecDriver.feed(splitCodec, bytes, splits, bufferBound(bytes.length),
                HttpCodecFuzzTest::describe);
        long took = System.nanoTime() - t0;

        // plain checks, not AssertJ: this runs thousands of times a second under instrumentation
        check(took < HANG_NANOS, "decoding %d bytes took %d ms", bytes.length, took / 1_000_000);
        check(split.messages().equals(whole.messages()), "requests differ by split %s: %s vs %s",
                Arrays.toString(splits), split.messages(), whole.messages());
        // which 4xx may depend on how much had arrived (a long line with a bare LF: 414 or 400); whether
        // there is one may not
        check((split.errorStatus() == 0) == (whole.errorStatus() == 0), "error differs by split %s: %d vs %d",
                Arrays.toString(splits), split.errorStatus(), whole.errorStatus());
        check(receiveBuffer(splitCodec) <= bufferBound(80), "receive buffer %d bytes past %d",
                receiveBuffer(splitCodec), bufferBound(80));
        check(receiveBuffer(wholeCodec) <= bufferBound(bytes.length), "receive buffer %d bytes past %d",
                receiveBuffer(wholeCodec), bufferBound(bytes.length));
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new AssertionError(String.format(format, args));
        }
    }

    /** What must not depend on the split: request line, headers, body. */
    static String describe(Request r) {
        var sb = new StringBuilder(r.toString()).append(" keepAlive=").append(r.keepAlive());
        for (int i = 0; i < r.headerCount(); i++) {
            sb.append(" | ").append(r.headerName(i)).append(": ").append(r.headerValue(i));
        }
        return sb.append(" | body=").append(java.util.HexFormat.of().formatHex(r.body())).toString();
    }

    /** The capacity of the parser's receive array (read reflectively: it is the parser's private buffer). */
    static int receiveBuffer(HttpCodec codec) throws ReflectiveOperationException {
        return ((byte[]) BUF.get(PARSER.get(codec))).length;
    }

    private static final Field PARSER = accessible(HttpCodec.class, "parser");
    private static final Field BUF = accessible(RequestParser.class, "buf");

    private static Field accessible(Class<?> type, String name) {
        try {
            var f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the fuzz test reads " + type.getSimpleName() + "." + name, e);
        }
    }
}
