package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every RFC 9112 edge case at the codec level, whole and split into 1, 2, 3 and 7 byte pieces. */
class HttpCodecEdgeCaseTest {

    static java.util.List<RequestEdgeCases.Case> cases() {
        return RequestEdgeCases.all();
    }

    @Test
    void tableHasAtLeastSixtyCases() {
        assertThat(RequestEdgeCases.all()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(RequestEdgeCases.overSocket()).hasSizeGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseGivesItsStatusInAnySplit(RequestEdgeCases.Case c) {
        byte[] raw = c.raw().getBytes(StandardCharsets.ISO_8859_1);
        for (int split : new int[] {0, 1, 2, 3, 7}) {
            var run = CodecRun.of(RequestEdgeCases.LIMITS, raw, split);
            String where = c.name() + " (split " + split + ")";
            if (c.expect() == 0) {
                assertThat(run.error).as(where).isNull();
                assertThat(run.requests).as(where).hasSize(c.requests());
                c.check().accept(run.requests.getFirst());
                assertThat(run.codec.hasPartialMessage()).as(where + ": partial message left").isFalse();
            } else {
                assertThat(run.errorStatus()).as(where + " -> " + (run.error == null ? "accepted" : run.error.getMessage()))
                        .isEqualTo(c.expect());
            }
        }
    }
}
