package io.shardloop.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The RFC 9112 edge-case table shared by the codec suite (every case, several splits) and the socket suite
 * (the cases marked for sockets). {@code expect} 0 means accepted; otherwise the error status (then close).
 */
final class RequestEdgeCases {

    record Case(String name, String raw, int expect, int requests, Consumer<Request> check, boolean overSocket) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String H = "Host: a\r\n";
    static final HttpLimits LIMITS = HttpLimits.defaults().withMaxBodyBytes(64 * 1024);

    private static final List<Case> CASES = new ArrayList<>();

    private static void ok(String name, String raw, Consumer<Request> check) {
        CASES.add(new Case(name, raw, 0, 1, check, false));
    }

    private static void okSock(String name, String raw, Consumer<Request> check) {
        CASES.add(new Case(name, raw, 0, 1, check, true));
    }

    private static void okN(String name, String raw, int n) {
        CASES.add(new Case(name, raw, 0, n, r -> { }, false));
    }

    private static void err(String name, String raw, int status) {
        CASES.add(new Case(name, raw, status, 0, r -> { }, false));
    }

    private static void errSock(String name, String raw, int status) {
        CASES.add(new Case(name, raw, status, 0, r -> { }, true));
    }

    private static void eq(Object actual, Object expected) {
        if (!java.util.Objects.equals(actual, expected)) {
            throw new AssertionError("expected <" + expected + "> but was <" + actual + ">");
        }
    }

    static {
        // request line
        okSock("simple GET", "GET / HTTP/1.1\r\n" + H + "\r\n", r -> { eq(r.method(), "GET"); eq(r.path(), "/"); });
        ok("query split from path", "GET /a/b?x=1&y=2 HTTP/1.1\r\n" + H + "\r\n",
                r -> { eq(r.path(), "/a/b"); eq(r.query(), "x=1&y=2"); });
        ok("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", r -> { eq(r.keepAlive(), false); eq(r.version(), "HTTP/1.0"); });
        ok("HTTP/1.2 treated as 1.1", "GET / HTTP/1.2\r\n" + H + "\r\n", r -> eq(r.isHttp11(), true));
        errSock("HTTP/2.0 request line", "GET / HTTP/2.0\r\n" + H + "\r\n", 505);
        err("HTTP/0.9 version", "GET / HTTP/0.9\r\n" + H + "\r\n", 505);
        errSock("HTTP/0.9 simple request (no version)", "GET /\r\n\r\n", 400);
        err("lowercase version", "GET / http/1.1\r\n" + H + "\r\n", 400);
        err("version with trailing space", "GET / HTTP/1.1 \r\n" + H + "\r\n", 400);
        err("version with two-digit minor", "GET / HTTP/1.10\r\n" + H + "\r\n", 400);
        err("two spaces after method", "GET  / HTTP/1.1\r\n" + H + "\r\n", 400);
        err("leading space in request line", " GET / HTTP/1.1\r\n" + H + "\r\n", 400);
        err("tab as separator", "GET\t/ HTTP/1.1\r\n" + H + "\r\n", 400);
        err("invalid method character", "GE(T / HTTP/1.1\r\n" + H + "\r\n", 400);
        ok("extension method accepted by the codec", "PURGE /x HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.method(), "PURGE"));
        ok("method is case-sensitive", "get / HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.method(), "get"));
        errSock("NUL in request line", "GET /\0 HTTP/1.1\r\n" + H + "\r\n", 400);
        err("control character in target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n", 400);
        err("non-ASCII byte in target", "GET /caf\u00e9 HTTP/1.1\r\n" + H + "\r\n", 400);
        err("fragment in target", "GET /a#frag HTTP/1.1\r\n" + H + "\r\n", 400);
        err("empty target", "GET  HTTP/1.1\r\n" + H + "\r\n", 400);
        err("relative target without slash", "GET index.html HTTP/1.1\r\n" + H + "\r\n", 400);
        okSock("absolute-form target", "GET http://example.com/x?y=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
                r -> { eq(r.path(), "/x"); eq(r.query(), "y=1"); });
        ok("absolute-form without path is /", "GET HTTP://example.com HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.path(), "/"));
        err("absolute-form without authority", "GET http:///x HTTP/1.1\r\n" + H + "\r\n", 400);
        ok("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.path(), "*"));
        err("asterisk-form with GET", "GET * HTTP/1.1\r\n" + H + "\r\n", 400);
        ok("authority-form with CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                r -> eq(r.target(), "example.com:443"));
        err("authority-form with GET", "GET example.com:443 HTTP/1.1\r\n" + H + "\r\n", 400);
        ok("empty lines before request line are ignored", "\r\n\r\nGET / HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.path(), "/"));
        errSock("bare LF ends request line", "GET / HTTP/1.1\n" + H + "\r\n", 400);
        err("bare CR in request line", "GET /\r HTTP/1.1\r\n" + H + "\r\n", 400);

        // Host
        errSock("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400);
        err("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
        err("Host with a space inside", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400);
        err("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400);
        ok("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", r -> eq(r.header("host"), ""));
        ok("Host with port and IPv6", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", r -> eq(r.header("Host"), "[::1]:8080"));

        // header fields
        errSock("bare LF ends a header line", "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", 400);
        err("bare LF ends the header section", "GET / HTTP/1.1\r\n" + H + "\n", 400);
        err("bare CR in header value", "GET / HTTP/1.1\r\n" + H + "X: a\rb\r\n\r\n", 400);
        errSock("obs-fold continuation line", "GET / HTTP/1.1\r\n" + H + "X: a\r\n  b\r\n\r\n", 400);
        err("obs-fold with tab", "GET / HTTP/1.1\r\n" + H + "X: a\r\n\tb\r\n\r\n", 400);
        errSock("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400);
        err("tab before colon", "GET / HTTP/1.1\r\n" + H + "X\t: y\r\n\r\n", 400);
        err("invalid character in name", "GET / HTTP/1.1\r\n" + H + "X(y): z\r\n\r\n", 400);
        err("non-ASCII header name", "GET / HTTP/1.1\r\n" + H + "X\u00e9: z\r\n\r\n", 400);
        err("empty header name", "GET / HTTP/1.1\r\n" + H + ": z\r\n\r\n", 400);
        err("header line without colon", "GET / HTTP/1.1\r\n" + H + "Xyz\r\n\r\n", 400);
        err("NUL in header value", "GET / HTTP/1.1\r\n" + H + "X: a\0b\r\n\r\n", 400);
        err("DEL in header value", "GET / HTTP/1.1\r\n" + H + "X: a\u007fb\r\n\r\n", 400);
        err("NUL deep in a long header value", "GET / HTTP/1.1\r\n" + H + "X: abcdefghijklm\0nopqrstuvwxyz\r\n\r\n", 400);
        err("DEL deep in a long header value", "GET / HTTP/1.1\r\n" + H + "X: abcdefghijklmnopqrs\u007ftuvwxyz\r\n\r\n", 400);
        err("escape deep in a long header value", "GET / HTTP/1.1\r\n" + H + "X: abcdefghijklmnopqrstuvw\u001b[0m\r\n\r\n", 400);
        ok("tabs and obs-text in a long header value", "GET / HTTP/1.1\r\n" + H + "X: abc\tdefgh\u00ff\u0080ijklmnop\tqrstuvwxyz\r\n\r\n",
                r -> eq(r.header("X"), "abc\tdefgh\u00ff\u0080ijklmnop\tqrstuvwxyz"));
        ok("obs-text in header value", "GET / HTTP/1.1\r\n" + H + "X: caf\u00e9\r\n\r\n", r -> eq(r.header("x"), "caf\u00e9"));
        ok("OWS around value is trimmed", "GET / HTTP/1.1\r\n" + H + "X: \t v w \t\r\n\r\n", r -> eq(r.header("X"), "v w"));
        ok("empty header value", "GET / HTTP/1.1\r\n" + H + "X:\r\n\r\n", r -> eq(r.header("X"), ""));
        ok("header names are case-insensitive", "GET / HTTP/1.1\r\n" + H + "X-Thing: 1\r\nx-thing: 2\r\n\r\n",
                r -> eq(r.headers("X-THING"), List.of("1", "2")));

        // Content-Length
        okSock("Content-Length body", "POST /e HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello", r -> eq(r.bodyText(), "hello"));
        ok("Content-Length zero", "POST /e HTTP/1.1\r\n" + H + "Content-Length: 0\r\n\r\n", r -> eq(r.bodyLength(), 0));
        ok("same Content-Length twice", "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                r -> eq(r.bodyText(), "abc"));
        ok("Content-Length list of equal values", "POST / HTTP/1.1\r\n" + H + "Content-Length: 3, 3\r\n\r\nabc",
                r -> eq(r.bodyText(), "abc"));
        errSock("differing Content-Length fields", "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400);
        err("Content-Length list of differing values", "POST / HTTP/1.1\r\n" + H + "Content-Length: 3, 4\r\n\r\nabcd", 400);
        errSock("negative Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", 400);
        err("Content-Length with plus sign", "POST / HTTP/1.1\r\n" + H + "Content-Length: +3\r\n\r\nabc", 400);
        err("overflowing Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999\r\n\r\n", 400);
        err("Content-Length of 2^63", "POST / HTTP/1.1\r\n" + H + "Content-Length: 9223372036854775808\r\n\r\n", 400);
        err("hex Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x10\r\n\r\n", 400);
        err("Content-Length with inner space", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1 0\r\n\r\n", 400);
        err("empty Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length:\r\n\r\n", 400);
        errSock("Content-Length over the body limit", "POST / HTTP/1.1\r\n" + H + "Content-Length: 65537\r\n\r\n", 413);
        ok("GET with a body is read and framed", "GET / HTTP/1.1\r\n" + H + "Content-Length: 2\r\n\r\nhi", r -> eq(r.bodyText(), "hi"));

        // Transfer-Encoding and smuggling pairs
        okSock("chunked body", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                r -> eq(r.bodyText(), "hello world"));
        ok("chunked with extensions", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3;a=b;c=\"d\"\r\nabc\r\n0;z\r\n\r\n",
                r -> eq(r.bodyText(), "abc"));
        ok("chunked with trailers", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\nY: 2\r\n\r\n",
                r -> eq(r.bodyText(), "abc"));
        ok("chunk size in upper and lower hex", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\nb\r\n0123456789a\r\n0\r\n\r\n",
                r -> eq(r.bodyLength(), 21));
        ok("chunk size with leading zeros", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n00000000000000000003\r\nabc\r\n0\r\n\r\n",
                r -> eq(r.bodyText(), "abc"));
        ok("Transfer-Encoding is case-insensitive", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
                r -> eq(r.bodyText(), "x"));
        ok("empty chunked body", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", r -> eq(r.bodyLength(), 0));
        errSock("Content-Length and Transfer-Encoding (CL.TE)",
                "POST / HTTP/1.1\r\n" + H + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", 400);
        errSock("Transfer-Encoding and Content-Length (TE.CL)",
                "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n", 400);
        err("Transfer-Encoding with space before colon",
                "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\nabc", 400);
        err("Transfer-Encoding value with vertical tab", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: \u000bchunked\r\n\r\n0\r\n\r\n", 400);
        err("Transfer-Encoding obs-folded", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400);
        errSock("unknown transfer coding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n", 501);
        err("gzip then chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501);
        err("chunked not last", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400);
        err("chunked twice in one field", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400);
        err("chunked in two fields", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        err("empty Transfer-Encoding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n\r\n", 400);
        err("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
        err("invalid chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\ng\r\nx\r\n0\r\n\r\n", 400);
        err("negative chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400);
        err("empty chunk size line", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n\r\nx\r\n0\r\n\r\n", 400);
        errSock("overflowing chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\nx\r\n", 400);
        err("chunk size of 2^64-1", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nx\r\n", 400);
        errSock("huge chunk size over the body limit", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\nx\r\n", 413);
        err("chunks summing over the body limit", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n8000\r\n"
                + "x".repeat(0x8000) + "\r\n8000\r\n" + "y".repeat(0x8000) + "\r\n1\r\nz\r\n0\r\n\r\n", 413);
        err("chunk data longer than its size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400);
        err("bare LF after chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400);
        err("chunk size with garbage after it", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", 400);
        err("obs-fold in trailer", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n", 400);
        err("bare LF ends a trailer line", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\nY: b\r\n\r\n", 400);
        err("bare LF ends the trailer section", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n\n", 400);

        // Expect
        err("unsupported expectation", "POST / HTTP/1.1\r\n" + H + "Expect: the-unexpected\r\nContent-Length: 1\r\n\r\nx", 417);

        // connection management and pipelining
        ok("Connection: close", "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n", r -> eq(r.keepAlive(), false));
        ok("Connection tokens are a list", "GET / HTTP/1.1\r\n" + H + "Connection: Upgrade, CLOSE\r\n\r\n", r -> eq(r.keepAlive(), false));
        ok("HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", r -> eq(r.keepAlive(), true));
        ok("HTTP/1.1 default keep-alive", "GET / HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.keepAlive(), true));
        ok("HEAD", "HEAD / HTTP/1.1\r\n" + H + "\r\n", r -> eq(r.method(), "HEAD"));
        okN("three pipelined requests", ("GET / HTTP/1.1\r\n" + H + "\r\n").repeat(2) + "POST / HTTP/1.1\r\n" + H
                + "Content-Length: 1\r\n\r\nx", 3);
        okN("nothing read after Connection: close", "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\nGET / HTTP/1.1\r\n" + H + "\r\n", 1);
        okN("nothing read after an HTTP/1.0 request", "GET / HTTP/1.0\r\n\r\nGARBAGE\r\n\r\n", 1);

        // limits
        errSock("request line over 8 KiB", "GET /" + "a".repeat(8200) + " HTTP/1.1\r\n" + H + "\r\n", 414);
        ok("request line of exactly 8 KiB", "GET /" + "a".repeat(8192 - 14) + " HTTP/1.1\r\n" + H + "\r\n",
                r -> eq(r.target().length(), 8192 - 13));
        errSock("header section over 16 KiB", "GET / HTTP/1.1\r\n" + H + "X: " + "v".repeat(17000) + "\r\n\r\n", 431);
        errSock("more than 100 header fields", "GET / HTTP/1.1\r\n" + H + "X: y\r\n".repeat(100) + "\r\n", 431);
        ok("exactly 100 header fields", "GET / HTTP/1.1\r\n" + H + "X: y\r\n".repeat(99) + "\r\n", r -> eq(r.headerCount(), 100));
        err("trailer section over 16 KiB", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0\r\nT: "
                + "v".repeat(17000) + "\r\n\r\n", 431);
    }

    static List<Case> all() {
        return CASES;
    }

    static List<Case> overSocket() {
        return CASES.stream().filter(Case::overSocket).toList();
    }

    private RequestEdgeCases() {
    }
}
