package io.shardloop.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Incremental HTTP/1.1 request parser (RFC 9112): a byte-level state machine that accepts input in any split.
 * Inbound bytes are appended to one receive array owned by this parser; requests are parsed in place and handed
 * out as the reused {@link Request} flyweight (chunked bodies are de-chunked in place). Only the request line,
 * the five framing headers and the body are interpreted; other header fields are validated and indexed.
 *
 * <p>Strict on framing (no smuggling): bare LF or CR, obs-fold, whitespace before a colon, invalid names,
 * both Content-Length and Transfer-Encoding, differing Content-Length values, chunked not last: 400 and close.
 * Thread contract: one thread at a time (the connection's codec owner).
 */
public final class RequestParser {

    /** Receives what the parser produces, in order. */
    public interface Sink {
        void request(Request request);

        /** The client waits for {@code 100 Continue} before sending this request's body. */
        void expectContinue();
    }

    private static final int REQUEST_LINE = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILERS = 6;
    private static final int CLOSED = 7;

    private static final int INITIAL_BUFFER = 2048;
    private static final int SHRINK_ABOVE = 64 * 1024;
    /** A chunk-size line with its extensions may not exceed this. */
    static final int MAX_CHUNK_LINE = 4096;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int GET_SP = 'G' | 'E' << 8 | 'T' << 16 | ' ' << 24;
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] HOST = bytes("host");
    private static final byte[] EXPECT = bytes("expect");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");
    private static final byte[] CONTINUE = bytes("100-continue");

    private final HttpLimits limits;
    private final Request req = new Request();
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int state = REQUEST_LINE;
    /** Absolute indices into buf: message start, parse position, where the next LF search resumes, data end. */
    private int start;
    private int pos;
    private int scan;
    private int end;
    private int sectionStart;
    private int fieldCount;
    private int bodyStart;
    private int bodyEnd;
    private long remaining;
    // framing facts of the current head
    private long contentLength;
    private boolean clSeen;
    private boolean teSeen;
    private int chunkedCount;
    private boolean lastCodingChunked;
    private boolean unknownCoding;
    private int hostCount;
    private boolean connClose;
    private boolean connKeepAlive;
    private boolean expectContinue;
    private boolean expectOther;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    /** Whether part of a request has arrived and the rest has not. */
    public boolean hasPartialMessage() {
        return state != CLOSED && (state != REQUEST_LINE || end > start);
    }

    /** Whether the parser stopped after a request that closes the connection (input is then discarded). */
    public boolean closed() {
        return state == CLOSED;
    }

    /**
     * Consumes all of {@code in}, handing each complete request to {@code sink} in order.
     *
     * @throws HttpParseException on a request to refuse; the parser is closed afterwards
     */
    public void parse(ByteBuffer in, Sink sink) throws HttpParseException {
        if (state == CLOSED) {
            in.position(in.limit());
            return;
        }
        append(in);
        try {
            boolean progress = true;
            while (progress) {
                progress = switch (state) {
                    case REQUEST_LINE -> requestLine();
                    case HEADERS -> fieldSection(sink, false);
                    case BODY -> body(sink);
                    case CHUNK_SIZE -> chunkSize();
                    case CHUNK_DATA -> chunkData();
                    case CHUNK_END -> chunkEnd();
                    case TRAILERS -> fieldSection(sink, true);
                    default -> false;
                };
            }
        } catch (HttpParseException e) {
            state = CLOSED;
            throw e;
        }
        if (start == end && state == REQUEST_LINE) {
            start = pos = scan = end = 0;
            if (buf.length > SHRINK_ABOVE) {
                buf = new byte[INITIAL_BUFFER];
            }
        }
    }

    // ---- input buffer ----

    private void append(ByteBuffer in) {
        int n = in.remaining();
        if (end + n > buf.length) {
            int live = end - start;
            byte[] target = live + n > buf.length ? new byte[Math.max(live + n, buf.length * 2)] : buf;
            System.arraycopy(buf, start, target, 0, live);
            buf = target;
            shift(start);
        }
        in.get(buf, end, n);
        end += n;
    }

    private void shift(int by) {
        start -= by;
        pos -= by;
        scan -= by;
        end -= by;
        sectionStart -= by;
        bodyStart -= by;
        bodyEnd -= by;
    }

    /** Index of the next LF from {@code scan}, eight bytes at a time (SWAR), or -1 (then scan = end). */
    private int lineFeed() {
        byte[] b = buf;
        int i = scan;
        int e = end;
        for (; i + 8 <= e; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < e; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        scan = end;
        return -1;
    }

    // ---- request line ----

    private boolean requestLine() throws HttpParseException {
        // RFC 9112 2.2: ignore empty lines (CRLF) before a request line
        while (pos == start && end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
            start += 2;
            pos = scan = start;
        }
        if (start == end) {
            return false;
        }
        int lf = lineFeed();
        if (lf < 0) {
            if (end - start > limits.maxRequestLineBytes() + 1) {
                throw new HttpParseException(414, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
            }
            return false;
        }
        if (lf == start || buf[lf - 1] != '\r') {
            throw new HttpParseException(400, "bare LF in request line");
        }
        if (lf - 1 - start > limits.maxRequestLineBytes()) {
            throw new HttpParseException(414, "request line longer than " + limits.maxRequestLineBytes() + " bytes");
        }
        req.reset();
        parseRequestLine(start, lf - 1);
        pos = scan = sectionStart = lf + 1;
        fieldCount = 0;
        contentLength = 0;
        clSeen = teSeen = lastCodingChunked = unknownCoding = false;
        chunkedCount = hostCount = 0;
        connClose = connKeepAlive = expectContinue = expectOther = false;
        state = HEADERS;
        return true;
    }

    private void parseRequestLine(int s, int e) throws HttpParseException {
        byte[] b = buf;
        int sp1 = s;
        if (e - s > 4 && (int) INTS.get(b, s) == GET_SP) {
            sp1 = s + 3;
            req.method = Request.GET;
        } else {
            while (sp1 < e && Ascii.token(b[sp1])) {
                sp1++;
            }
            if (sp1 == s || sp1 >= e || b[sp1] != ' ') {
                throw new HttpParseException(400, "malformed method in request line");
            }
            req.method = method(b, s, sp1 - s);
        }
        int t = sp1 + 1;
        int sp2 = t;
        while (sp2 < e && Ascii.target(b[sp2])) {
            sp2++;
        }
        if (sp2 == t || sp2 >= e || b[sp2] != ' ') {
            throw new HttpParseException(400, "malformed request target");
        }
        int v = sp2 + 1;
        if (e - v != 8 || b[v] != 'H' || b[v + 1] != 'T' || b[v + 2] != 'T' || b[v + 3] != 'P' || b[v + 4] != '/'
                || !digit(b[v + 5]) || b[v + 6] != '.' || !digit(b[v + 7])) {
            throw new HttpParseException(400, "malformed HTTP version");
        }
        if (b[v + 5] != '1') {
            throw new HttpParseException(505, "only HTTP/1.x is supported");
        }
        req.http11 = b[v + 7] != '0';
        target(t, sp2);
    }

    private void target(int t, int e) throws HttpParseException {
        byte[] b = buf;
        req.targetOff = t - start;
        req.targetLen = e - t;
        int p;
        if (b[t] == '/') {
            p = t;
        } else if (e - t == 1 && b[t] == '*') {
            if (req.method != Request.OPTIONS) {
                throw new HttpParseException(400, "asterisk-form target is only for OPTIONS");
            }
            req.pathOff = t - start;
            req.pathLen = 1;
            return;
        } else if (scheme(t, e) > 0) {
            int a = t + scheme(t, e);
            p = a;
            while (p < e && b[p] != '/' && b[p] != '?') {
                p++;
            }
            if (p == a) {
                throw new HttpParseException(400, "absolute-form target without authority");
            }
        } else if (req.method == Request.CONNECT) {
            req.pathOff = t - start;
            req.pathLen = e - t;
            return;
        } else {
            throw new HttpParseException(400, "malformed request target");
        }
        int q = p;
        while (q < e && b[q] != '?') {
            q++;
        }
        req.pathOff = p - start;
        req.pathLen = q - p;
        if (q < e) {
            req.queryOff = q + 1 - start;
            req.queryLen = e - q - 1;
        }
    }

    /** Length of "http://" or "https://" (case-insensitive) at t, or 0. */
    private int scheme(int t, int e) {
        byte[] b = buf;
        if (e - t > 7 && Ascii.lower(b[t]) == 'h' && Ascii.lower(b[t + 1]) == 't' && Ascii.lower(b[t + 2]) == 't'
                && Ascii.lower(b[t + 3]) == 'p') {
            int i = t + 4;
            if (Ascii.lower(b[i]) == 's') {
                i++;
            }
            if (e - i > 3 && b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                return i + 3 - t;
            }
        }
        return 0;
    }

    private static String method(byte[] b, int off, int len) {
        String m = switch (len) {
            case 3 -> is(b, off, "GET") ? Request.GET : is(b, off, "PUT") ? Request.PUT : null;
            case 4 -> is(b, off, "HEAD") ? Request.HEAD : is(b, off, "POST") ? Request.POST : null;
            case 5 -> is(b, off, "PATCH") ? Request.PATCH : is(b, off, "TRACE") ? Request.TRACE : null;
            case 6 -> is(b, off, "DELETE") ? Request.DELETE : null;
            case 7 -> is(b, off, "OPTIONS") ? Request.OPTIONS : is(b, off, "CONNECT") ? Request.CONNECT : null;
            default -> null;
        };
        return m != null ? m : new String(b, off, len, StandardCharsets.US_ASCII);
    }

    private static boolean is(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---- header and trailer sections ----

    /**
     * The header section, or with {@code trailer} the trailer section after a chunked body: field lines up to the
     * empty line, under one size limit and one line discipline (CRLF only).
     */
    private boolean fieldSection(Sink sink, boolean trailer) throws HttpParseException {
        while (true) {
            int lf = lineFeed();
            if (lf < 0) {
                if (end - sectionStart > limits.maxHeaderBytes()) {
                    throw tooLarge();
                }
                return false;
            }
            if (lf == pos || buf[lf - 1] != '\r') {
                throw new HttpParseException(400, "bare LF in " + (trailer ? "trailer" : "header") + " section");
            }
            if (lf + 1 - sectionStart > limits.maxHeaderBytes() + 2) {
                throw tooLarge();
            }
            int lineEnd = lf - 1;
            int s = pos;
            pos = scan = lf + 1;
            if (lineEnd == s) {
                return trailer ? endOfTrailers(sink) : endOfHead(sink);
            }
            field(s, lineEnd, trailer);
        }
    }

    private HttpParseException tooLarge() {
        return new HttpParseException(431, "header section larger than " + limits.maxHeaderBytes() + " bytes");
    }

    private void field(int s, int e, boolean trailer) throws HttpParseException {
        byte[] b = buf;
        if (b[s] == ' ' || b[s] == '\t') {
            throw new HttpParseException(400, "obsolete line folding in header section");
        }
        int n = s;
        while (n < e && Ascii.token(b[n])) {
            n++;
        }
        if (n == s || n >= e || b[n] != ':') {
            throw new HttpParseException(400, n < e && (b[n] == ' ' || b[n] == '\t')
                    ? "whitespace between header name and colon" : "invalid header field name");
        }
        int v = n + 1;
        while (v < e && (b[v] == ' ' || b[v] == '\t')) {
            v++;
        }
        int ve = e;
        while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        checkValue(v, ve);
        if (++fieldCount > limits.maxHeaderCount()) {
            throw new HttpParseException(431, "more than " + limits.maxHeaderCount() + " header fields");
        }
        if (trailer) {
            return;
        }
        req.addField(s - start, n - s, v - start, ve - v);
        int len = n - s;
        switch (len) {
            case 4 -> {
                if (Ascii.equalsLower(b, s, len, HOST)) {
                    host(v, ve);
                }
            }
            case 6 -> {
                if (Ascii.equalsLower(b, s, len, EXPECT)) {
                    if (Ascii.equalsLower(b, v, ve - v, CONTINUE)) {
                        expectContinue = true;
                    } else {
                        expectOther = true;
                    }
                }
            }
            case 10 -> {
                if (Ascii.equalsLower(b, s, len, CONNECTION)) {
                    connection(v, ve);
                }
            }
            case 14 -> {
                if (Ascii.equalsLower(b, s, len, CONTENT_LENGTH)) {
                    contentLength(v, ve);
                }
            }
            case 17 -> {
                if (Ascii.equalsLower(b, s, len, TRANSFER_ENCODING)) {
                    transferEncoding(v, ve);
                }
            }
            default -> {
            }
        }
    }

    /** Rejects controls (but HTAB) and DEL in a field value; eight bytes at a time when all are plain. */
    private void checkValue(int v, int ve) throws HttpParseException {
        byte[] b = buf;
        int i = v;
        for (; i + 8 <= ve; i += 8) {
            long w = (long) LONGS.get(b, i);
            long del = w ^ 0x7F7F7F7F7F7F7F7FL;
            // a byte below 0x20 (high bit clear), or a DEL
            long suspicious = ((w - 0x2020202020202020L) & ~w | (del - 0x0101010101010101L) & ~del)
                    & 0x8080808080808080L;
            if (suspicious != 0) {
                break;
            }
        }
        for (; i < ve; i++) {
            if (!Ascii.fieldValue(b[i])) {
                throw new HttpParseException(400, "invalid character in header field value");
            }
        }
    }

    private void host(int v, int ve) throws HttpParseException {
        hostCount++;
        for (int i = v; i < ve; i++) {
            if (!Ascii.host(buf[i])) {
                throw new HttpParseException(400, "invalid Host header");
            }
        }
    }

    private void contentLength(int v, int ve) throws HttpParseException {
        int i = v;
        boolean any = false;
        while (true) {
            int d = i;
            long value = 0;
            while (i < ve && digit(buf[i])) {
                if (i - d >= 18) {
                    throw new HttpParseException(400, "Content-Length too large");
                }
                value = value * 10 + (buf[i] - '0');
                i++;
            }
            if (i == d) {
                throw new HttpParseException(400, "malformed Content-Length");
            }
            if ((clSeen || any) && value != contentLength) {
                throw new HttpParseException(400, "conflicting Content-Length values");
            }
            contentLength = value;
            any = true;
            while (i < ve && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            if (i == ve) {
                break;
            }
            if (buf[i] != ',') {
                throw new HttpParseException(400, "malformed Content-Length");
            }
            i++;
            while (i < ve && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
        }
        clSeen = true;
    }

    private void transferEncoding(int v, int ve) throws HttpParseException {
        teSeen = true;
        int i = v;
        while (i <= ve) {
            int s = i;
            while (i < ve && buf[i] != ',') {
                i++;
            }
            int e = i;
            while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                e--;
            }
            if (e > s) {
                if (Ascii.equalsLower(buf, s, e - s, CHUNKED)) {
                    chunkedCount++;
                    lastCodingChunked = true;
                } else {
                    for (int k = s; k < e; k++) {
                        if (!Ascii.token(buf[k]) && buf[k] != ';' && buf[k] != '=' && buf[k] != ' ') {
                            throw new HttpParseException(400, "malformed Transfer-Encoding");
                        }
                    }
                    unknownCoding = true;
                    lastCodingChunked = false;
                }
            }
            i++;
        }
    }

    private void connection(int v, int ve) {
        int i = v;
        while (i <= ve) {
            int s = i;
            while (i < ve && buf[i] != ',') {
                i++;
            }
            int e = i;
            while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                e--;
            }
            if (Ascii.equalsLower(buf, s, e - s, CLOSE)) {
                connClose = true;
            } else if (Ascii.equalsLower(buf, s, e - s, KEEP_ALIVE)) {
                connKeepAlive = true;
            }
            i++;
        }
    }

    private boolean endOfHead(Sink sink) throws HttpParseException {
        if (hostCount > 1) {
            throw new HttpParseException(400, "more than one Host header");
        }
        if (req.http11 && hostCount == 0) {
            throw new HttpParseException(400, "missing Host header");
        }
        boolean chunked = false;
        if (teSeen) {
            if (clSeen) {
                throw new HttpParseException(400, "both Content-Length and Transfer-Encoding");
            }
            if (!req.http11) {
                throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (chunkedCount > 1 || (chunkedCount == 1 && !lastCodingChunked)) {
                throw new HttpParseException(400, "chunked must be the last transfer coding, once");
            }
            if (unknownCoding) {
                throw new HttpParseException(501, "unsupported transfer coding");
            }
            if (chunkedCount == 0) {
                throw new HttpParseException(400, "empty Transfer-Encoding");
            }
            chunked = true;
        }
        if (expectOther) {
            throw new HttpParseException(417, "only 'Expect: 100-continue' is supported");
        }
        if (contentLength > limits.maxBodyBytes()) {
            throw new HttpParseException(413, "body larger than " + limits.maxBodyBytes() + " bytes");
        }
        req.keepAlive = req.http11 ? !connClose : connKeepAlive && !connClose;
        boolean wantsContinue = expectContinue && req.http11;
        if (chunked) {
            bodyStart = bodyEnd = pos;
            remaining = 0;
            state = CHUNK_SIZE;
            if (wantsContinue && pos == end) {
                sink.expectContinue();
            }
            return true;
        }
        if (contentLength > 0) {
            state = BODY;
            if (wantsContinue && end - pos < contentLength) {
                sink.expectContinue();
            }
            return true;
        }
        req.bodyOff = pos - start;
        req.bodyLen = 0;
        emit(sink);
        return true;
    }

    // ---- bodies ----

    private boolean body(Sink sink) {
        if (end - pos < contentLength) {
            return false;
        }
        req.bodyOff = pos - start;
        req.bodyLen = (int) contentLength;
        pos += (int) contentLength;
        emit(sink);
        return true;
    }

    private boolean chunkSize() throws HttpParseException {
        int lf = lineFeed();
        if (lf < 0) {
            if (end - pos > MAX_CHUNK_LINE) {
                throw new HttpParseException(400, "chunk size line too long");
            }
            return false;
        }
        if (lf == pos || buf[lf - 1] != '\r') {
            throw new HttpParseException(400, "bare LF in chunk size line");
        }
        int e = lf - 1;
        int i = pos;
        long size = 0;
        int significant = 0;
        while (i < e) {
            int h = Ascii.hex(buf[i]);
            if (h < 0) {
                break;
            }
            if (size != 0 || h != 0) {
                if (++significant > 15) {
                    throw new HttpParseException(400, "chunk size overflows");
                }
            }
            size = size * 16 + h;
            i++;
        }
        if (i == pos) {
            throw new HttpParseException(400, "malformed chunk size");
        }
        while (i < e && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        if (i < e) {
            if (buf[i] != ';') {
                throw new HttpParseException(400, "malformed chunk size");
            }
            for (int k = i; k < e; k++) {
                if (!Ascii.fieldValue(buf[k])) {
                    throw new HttpParseException(400, "invalid character in chunk extension");
                }
            }
        }
        pos = scan = lf + 1;
        if (size == 0) {
            sectionStart = pos;
            fieldCount = 0;
            state = TRAILERS;
            return true;
        }
        if (size > limits.maxBodyBytes() - (long) (bodyEnd - bodyStart)) {
            throw new HttpParseException(413, "body larger than " + limits.maxBodyBytes() + " bytes");
        }
        remaining = size;
        state = CHUNK_DATA;
        return true;
    }

    private boolean chunkData() {
        int avail = (int) Math.min(end - pos, remaining);
        if (avail == 0) {
            return false;
        }
        if (bodyEnd != pos) {
            System.arraycopy(buf, pos, buf, bodyEnd, avail);
        }
        bodyEnd += avail;
        pos += avail;
        remaining -= avail;
        if (remaining > 0) {
            return false;
        }
        scan = pos;
        state = CHUNK_END;
        return true;
    }

    private boolean chunkEnd() throws HttpParseException {
        if (end - pos < 2) {
            if (end > pos && buf[pos] != '\r') {
                throw new HttpParseException(400, "chunk data not followed by CRLF");
            }
            return false;
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new HttpParseException(400, "chunk data not followed by CRLF");
        }
        pos = scan = pos + 2;
        state = CHUNK_SIZE;
        return true;
    }

    private boolean endOfTrailers(Sink sink) {
        req.bodyOff = bodyStart - start;
        req.bodyLen = bodyEnd - bodyStart;
        emit(sink);
        return true;
    }

    private void emit(Sink sink) {
        req.buf = buf;
        req.base = start;
        start = scan = pos;
        state = req.keepAlive ? REQUEST_LINE : CLOSED;
        sink.request(req);
        if (state == CLOSED) {
            // nothing after a request that closes the connection is read (RFC 9112 9.6)
            start = pos = scan = end;
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
