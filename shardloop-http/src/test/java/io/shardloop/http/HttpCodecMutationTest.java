package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated requests in random splits: the codec answers with a status or a request, never a crash. */
class HttpCodecMutationTest {

    private static final String[] SEEDS = {
        "GET /plaintext HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "GET http://h/x?y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    };
    private static final byte[] INTERESTING = " \t\r\n:;,0-+9aF\u0000\u007f\u00ff/?#*".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedInputNeverCrashesTheCodec() {
        var rnd = new Random(20261123L);
        var limits = HttpLimits.defaults().withMaxBodyBytes(1024).withMaxHeaderBytes(512).withMaxRequestLineBytes(256);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] seed = (SEEDS[rnd.nextInt(SEEDS.length)] + SEEDS[rnd.nextInt(SEEDS.length)])
                    .getBytes(StandardCharsets.ISO_8859_1);
            var b = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < seed.length; i++) {
                int dice = rnd.nextInt(100);
                if (dice < 2) {
                    continue;
                }
                if (dice < 4) {
                    b.write(INTERESTING[rnd.nextInt(INTERESTING.length)]);
                }
                b.write(dice < 6 ? INTERESTING[rnd.nextInt(INTERESTING.length)] : seed[i]);
            }
            var run = CodecRun.of(limits, b.toByteArray(), 1 + rnd.nextInt(9));
            if (run.error != null) {
                assertThat(run.errorStatus()).isIn(400, 413, 414, 417, 431, 501, 505);
                refused++;
            } else {
                accepted += run.requests.size();
                run.requests.forEach(r -> {
                    assertThat(r.bodyLength()).isBetween(0, 1024);
                    assertThat(r.path()).isNotNull();
                    for (int i = 0; i < r.headerCount(); i++) {
                        assertThat(r.headerName(i)).isNotEmpty();
                        r.headerValue(i);
                    }
                });
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
