package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResponseParserTest {

    private static final String STREAM = ""
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: t\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nCONTENT-LENGTH:  0 \r\n\r\n"
            + "HTTP/1.1 200 OK\nContent-Length: 2\n\nok"
            + "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx";

    /** Feeds the stream in pieces of {@code step} bytes; returns "status[/close]" per completed response. */
    private static List<String> parse(byte[] bytes, int step) {
        var p = new HttpResponseParser(false);
        var out = new ArrayList<String>();
        for (int off = 0; off < bytes.length; off += step) {
            int to = Math.min(bytes.length, off + step);
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, to);
            int i = 0;
            while (i < chunk.length) {
                int r = p.parse(chunk, i, chunk.length);
                if (r == ResponseParser.INCOMPLETE) {
                    break;
                }
                if (r == ResponseParser.GARBAGE) {
                    out.add("garbage");
                    return out;
                }
                out.add(p.status() + (p.closeAfter() ? "/close" : ""));
                i = r;
            }
        }
        return out;
    }

    @Test
    void parsesEveryFramingAtEverySplit() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.US_ASCII);
        for (int step = 1; step <= bytes.length; step++) {
            assertThat(parse(bytes, step)).as("step " + step)
                    .containsExactly("200", "201", "204", "404", "200", "503/close");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 20x OK\r\n\r\n",
            "HTTP/1.1 099 OK\r\n\r\n",
            "FOO\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n",
    })
    void rejectsGarbage(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(bytes, bytes.length)).containsExactly("garbage");
        assertThat(parse(bytes, 1)).containsExactly("garbage");
    }

    @Test
    void rejectsAnEndlessHead() {
        var p = new HttpResponseParser(false);
        byte[] status = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.parse(status, 0, status.length)).isEqualTo(ResponseParser.INCOMPLETE);
        byte[] header = "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.US_ASCII);
        int r = ResponseParser.INCOMPLETE;
        for (int i = 0; i < 2000 && r == ResponseParser.INCOMPLETE; i++) {
            r = p.parse(header, 0, header.length);
        }
        assertThat(r).isEqualTo(ResponseParser.GARBAGE);
    }

    @Test
    void aBodyWithoutLengthEndsAtClose() {
        var p = new HttpResponseParser(false);
        byte[] b = "HTTP/1.0 200 OK\r\n\r\nsome body".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.parse(b, 0, b.length)).isEqualTo(ResponseParser.INCOMPLETE);
        assertThat(p.completeAtEof()).isTrue();
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.closeAfter()).isTrue();
    }

    @Test
    void headAnswersHaveNoBody() {
        var p = new HttpResponseParser(true);
        byte[] b = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        int first = p.parse(b, 0, b.length);
        assertThat(first).isEqualTo(b.length / 2);
        assertThat(p.parse(b, first, b.length)).isEqualTo(b.length);
    }

    @Test
    void framedEchoChecksLengthAndBytes() {
        byte[] payload = RequestBytes.echoPayload(10);
        var p = new FramedEchoParser(payload);
        byte[] frame = new byte[14];
        frame[3] = 10;
        System.arraycopy(payload, 0, frame, 4, 10);
        for (int split = 0; split <= 14; split++) {
            assertThat(p.parse(frame, 0, split)).isEqualTo(split == 14 ? 14 : ResponseParser.INCOMPLETE);
            if (split < 14) {
                assertThat(p.parse(frame, split, 14)).isEqualTo(14);
            }
        }
        frame[3] = 9;
        assertThat(p.parse(frame, 0, 14)).isEqualTo(ResponseParser.GARBAGE);
    }
}
