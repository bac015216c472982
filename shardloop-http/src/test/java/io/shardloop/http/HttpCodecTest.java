package io.shardloop.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Codec behaviour beyond the edge-case table: responses, keep-alive rules, 100-continue, order, buffers. */
class HttpCodecTest {

    private static final String GET = "GET /p HTTP/1.1\r\nHost: a\r\n\r\n";

    @Test
    void plainResponseHasServerDateLengthAndBody() {
        var run = CodecRun.of(GET, 0);
        String out = run.send(Response.text("Hello, World!"));
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\nServer: shardloop\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n")
                .containsPattern("\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n")
                .doesNotContain("Connection")
                .endsWith("\r\n\r\nHello, World!");
        assertThat(run.closes()).isFalse();
    }

    @Test
    void reusedResponseSendsTheSameBytesFromItsFrameCache() {
        var shared = Response.text("Hello, World!");
        var run = CodecRun.of(GET.repeat(3), 0);
        String a = run.send(shared);
        String b = run.send(shared);
        String c = run.send(shared);
        // the Date may tick between sends; compare without it
        assertThat(b.replaceAll("Date: [^\r]*", "")).isEqualTo(a.replaceAll("Date: [^\r]*", ""));
        assertThat(c.replaceAll("Date: [^\r]*", "")).isEqualTo(a.replaceAll("Date: [^\r]*", ""));
    }

    @Test
    void connectionCloseIsAnsweredWithCloseAndCloseAfter() {
        var run = CodecRun.of("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 0);
        String out = run.send(Response.text("x"));
        assertThat(out).contains("\r\nConnection: close\r\n");
        assertThat(run.closes()).isTrue();
    }

    @Test
    void outOfOrderEncodingKeepsEachResponsesFraming() {
        // worker models encode replies as they finish and park them; the framing must follow the response
        var run = CodecRun.of(GET + "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n" + "GET / HTTP/1.0\r\n\r\n", 0);
        var r = Response.text("body");
        var forGet = r.forRequest(run.requests.get(0));
        var forHead = r.forRequest(run.requests.get(1));
        var for10 = r.forRequest(run.requests.get(2));
        assertThat(forGet).isSameAs(r);
        assertThat(CodecRun.encode(run.codec, for10)).contains("Connection: close").endsWith("body");
        assertThat(run.codec.closeAfter(for10)).isTrue();
        assertThat(CodecRun.encode(run.codec, forHead)).endsWith("\r\n\r\n");
        assertThat(run.codec.closeAfter(forHead)).isFalse();
        assertThat(CodecRun.encode(run.codec, forGet)).endsWith("body").doesNotContain("Connection");
        assertThat(run.codec.closeAfter(forGet)).isFalse();
    }

    @Test
    void http10KeepAliveIsConfirmedAndPlain10Closes() {
        var run = CodecRun.of("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0);
        assertThat(run.send(Response.text("x"))).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Connection: keep-alive\r\n");
        assertThat(run.closes()).isFalse();
        var plain = CodecRun.of("GET / HTTP/1.0\r\n\r\n", 0);
        assertThat(plain.send(Response.text("x"))).contains("Connection: close\r\n");
        assertThat(plain.closes()).isTrue();
    }

    @Test
    void headKeepsContentLengthAndDropsTheBody() {
        var run = CodecRun.of("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n" + GET, 0);
        var r = Response.text("Hello");
        assertThat(run.send(r)).contains("Content-Length: 5\r\n").endsWith("\r\n\r\n");
        assertThat(run.send(r)).endsWith("\r\n\r\nHello");
    }

    @Test
    void streamedBodyIsChunkedFor11AndCloseDelimitedFor10() {
        BodyWriter w = out -> {
            out.write("Hello, ");
            out.write(new byte[0]);
            out.write("x".repeat(300));
        };
        var r = Response.stream(200, "text/plain", w);
        var run = CodecRun.of(GET, 0);
        assertThat(run.send(r)).contains("Transfer-Encoding: chunked\r\n").doesNotContain("Content-Length")
                .endsWith("\r\n\r\n7\r\nHello, \r\n12c\r\n" + "x".repeat(300) + "\r\n0\r\n\r\n");
        assertThat(run.closes()).isFalse();
        var old = CodecRun.of("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 0);
        assertThat(old.send(r)).doesNotContain("chunked").contains("Connection: close")
                .endsWith("\r\n\r\nHello, " + "x".repeat(300));
        assertThat(old.closes()).isTrue();
    }

    @Test
    void failingBodyWriterClosesTheConnection() {
        var r = Response.stream(200, "text/plain", out -> {
            out.write("part");
            throw new java.io.IOException("disk gone");
        });
        var run = CodecRun.of(GET, 0);
        assertThat(run.send(r)).endsWith("4\r\npart\r\n");
        assertThat(run.closes()).isTrue();
    }

    @Test
    void contentLengthDigitsAreExact() {
        for (int n : new int[] {0, 1, 9, 10, 99, 100, 12345, 1_000_000}) {
            var r = Response.bytes(200, "application/x-test", new byte[n]);
            var run = CodecRun.of(GET, 0);
            String out = run.send(r);
            assertThat(out).contains("\r\nContent-Length: " + n + "\r\n").contains("Content-Type: application/x-test\r\n")
                    .hasSize(out.indexOf("\r\n\r\n") + 4 + n);
        }
    }

    @Test
    void bodylessStatusesHaveNoLengthOrBody() {
        var run = CodecRun.of(GET, 0);
        assertThat(run.send(Response.status(204).body("ignored").build()))
                .doesNotContain("Content-Length").endsWith("\r\n\r\n");
    }

    @Test
    void responseHeadersAreValidated() {
        var b = Response.status(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.header("X", "a\r\nInjected: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.header("Content-Length", "3"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Response.status(99))
                .isInstanceOf(IllegalArgumentException.class);
        var r = Response.status(201).header("X-Id", "7").header("Connection", "close").build();
        var run = CodecRun.of(GET, 0);
        assertThat(run.send(r)).startsWith("HTTP/1.1 201 Created\r\n").contains("X-Id: 7\r\n")
                .contains("Connection: close");
        assertThat(run.closes()).isTrue();
    }

    @Test
    void expectContinueSendsOneInterimOnlyWhenTheBodyIsMissing() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
        var run = new CodecRun(HttpLimits.defaults());
        run.feed(head.getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(run.interims).isEqualTo(1);
        assertThat(run.requests).isEmpty();
        assertThat(run.codec.hasPartialMessage()).isTrue();
        run.feed("hello".getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(run.requests).hasSize(1);
        assertThat(run.requests.getFirst().bodyText()).isEqualTo("hello");
        assertThat(CodecRun.of(head + "hello", 0).interims).isZero();
        assertThat(CodecRun.of(head.replace("HTTP/1.1", "HTTP/1.0"), 0).interims).isZero();
        var chunked = CodecRun.of("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n", 0);
        assertThat(chunked.interims).isEqualTo(1);
    }

    @Test
    void responsesFollowRequestOrderWithMixedVersionsAndHead() {
        String raw = GET + "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n" + "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + GET;
        var run = CodecRun.of(raw, 3);
        assertThat(run.requests).hasSize(4);
        var r = Response.text("body");
        assertThat(run.send(r)).endsWith("body").doesNotContain("Connection");
        assertThat(run.send(r)).endsWith("\r\n\r\n");
        assertThat(run.send(r)).contains("Connection: keep-alive").endsWith("body");
        assertThat(run.send(r)).doesNotContain("Connection").endsWith("body");
    }

    @Test
    void manyPipelinedRequestsGrowTheQueueAndKeepOrder() {
        var sb = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            sb.append(i % 2 == 0 ? "GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n" : "HEAD /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
        }
        var run = CodecRun.of(sb.toString(), 0);
        assertThat(run.requests).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(run.requests.get(i).path()).isEqualTo("/" + i);
            String out = run.send(Response.text("b"));
            assertThat(out.endsWith("b")).isEqualTo(i % 2 == 0);
        }
    }

    @Test
    void randomSplitsOfAMixedStreamGiveTheSameRequests() {
        String raw = GET + "POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n3;e=1\r\nzzz\r\n0\r\nT: 1\r\n\r\n"
                + "\r\nGET /q?x=y HTTP/1.1\r\nHost: a\r\n\r\n";
        byte[] bytes = raw.getBytes(StandardCharsets.US_ASCII);
        var rnd = ThreadLocalRandom.current();
        for (int round = 0; round < 200; round++) {
            var run = new CodecRun(HttpLimits.defaults());
            int i = 0;
            while (i < bytes.length) {
                int n = Math.min(bytes.length - i, 1 + rnd.nextInt(20));
                run.feed(java.util.Arrays.copyOfRange(bytes, i, i + n), 0);
                i += n;
            }
            assertThat(run.error).isNull();
            assertThat(run.requests).extracting(Request::path).containsExactly("/p", "/e", "/c", "/q");
            assertThat(run.requests.get(1).bodyText()).isEqualTo("abc");
            assertThat(run.requests.get(2).bodyText()).isEqualTo("xyzzz");
            assertThat(run.requests.get(3).query()).isEqualTo("x=y");
        }
    }

    @Test
    void largeBodyGrowsTheBufferThenItShrinks() {
        byte[] body = new byte[700_000];
        java.util.Arrays.fill(body, (byte) 'k');
        String head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length + "\r\n\r\n";
        var run = new CodecRun(HttpLimits.defaults());
        run.feed(head.getBytes(StandardCharsets.US_ASCII), 0);
        run.feed(body, 16 * 1024);
        run.feed(GET.getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(run.requests).hasSize(2);
        assertThat(run.requests.getFirst().body()).isEqualTo(body);
        assertThat(run.requests.get(1).path()).isEqualTo("/p");
    }

    @Test
    void flyweightIsReusedAndDetachCopies() {
        var codec = new HttpCodec(HttpLimits.defaults());
        var seen = new java.util.ArrayList<Request>();
        var copies = new java.util.ArrayList<Request>();
        try {
            codec.decode(java.nio.ByteBuffer.wrap((GET + "GET /two HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                    m -> {
                        seen.add(m);
                        copies.add(codec.detach(m));
                    });
        } catch (io.shardloop.codec.CodecException e) {
            throw new AssertionError(e);
        }
        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(0).isDetached()).isFalse();
        assertThat(copies.get(0).path()).isEqualTo("/p");
        assertThat(copies.get(1).path()).isEqualTo("/two");
        assertThat(copies.get(1).header("x")).isEqualTo("1");
        assertThat(copies.get(1).detach()).isSameAs(copies.get(1));
    }

    @Test
    void errorReplyNamesTheReasonAndCloses() {
        var run = CodecRun.of("GET / HTTP/1.1\r\n\r\n", 0);
        var reply = run.error.reply();
        byte[] b = new byte[reply.remaining()];
        reply.get(b);
        String s = new String(b, StandardCharsets.US_ASCII);
        assertThat(s).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
                .endsWith("missing Host header\n");
        // after an error nothing more is decoded
        run.feed(GET.getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(run.requests).isEmpty();
    }

    @Test
    void partialHeaderIsReportedAndTimeoutReplyIs408() {
        var run = CodecRun.of("GET / HTTP/1.1\r\nHost: a\r\n", 0);
        assertThat(run.codec.hasPartialMessage()).isTrue();
        var reply = run.codec.partialMessageTimeoutReply();
        byte[] b = new byte[reply.remaining()];
        reply.get(b);
        assertThat(new String(b, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .contains("Connection: close");
        assertThat(CodecRun.of("\r\n", 0).codec.hasPartialMessage()).isFalse();
    }

    @Test
    void dateHeaderIsImfFixdate() {
        assertThat(DateHeader.value()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(DateHeader.now().second()).isPositive();
    }
}
