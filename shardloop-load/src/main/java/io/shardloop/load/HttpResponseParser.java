package io.shardloop.load;

/**
 * An HTTP/1.x response parser: status line, headers (Content-Length, Transfer-Encoding: chunked, Connection),
 * fixed, chunked or close-delimited bodies, interim 1xx responses skipped. Lines are read in place; only a line
 * split across two reads is copied into a small fixed buffer. One connection, one loop thread.
 */
final class HttpResponseParser implements ResponseParser {

    private static final int STATUS = 0, HEADER = 1, BODY = 2, CHUNK_SIZE = 3, CHUNK_DATA = 4, CHUNK_END = 5,
            TRAILER = 6, UNTIL_CLOSE = 7;
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEAD = 65536;
    private static final int CONTINUE = 0, DONE = 1, BAD = 2;
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");

    private final boolean headRequest;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLen;
    private int headBytes;
    private int state = STATUS;
    private int status;
    private long contentLength = -1;
    private boolean chunked;
    private boolean close;
    private long remaining;
    private int lastStatus;
    private boolean lastClose;

    HttpResponseParser(boolean headRequest) {
        this.headRequest = headRequest;
    }

    @Override
    public int parse(byte[] a, int from, int to) {
        int i = from;
        while (i < to) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == BODY) {
                            return complete(i);
                        }
                        state = CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> i = to;
                default -> {
                    int lf = indexOfLf(a, i, to);
                    if (lf < 0) {
                        return append(a, i, to) ? INCOMPLETE : GARBAGE;
                    }
                    int r;
                    if (lineLen > 0) {
                        if (!append(a, i, lf)) {
                            return GARBAGE;
                        }
                        r = onLine(line, 0, lineLen);
                        lineLen = 0;
                    } else {
                        headBytes += lf - i;
                        r = lf - i > MAX_LINE || headBytes > MAX_HEAD ? BAD : onLine(a, i, lf);
                    }
                    i = lf + 1;
                    if (r == BAD) {
                        return GARBAGE;
                    }
                    if (r == DONE) {
                        return complete(i);
                    }
                }
            }
        }
        return INCOMPLETE;
    }

    @Override
    public int status() {
        return lastStatus;
    }

    @Override
    public boolean closeAfter() {
        return lastClose;
    }

    @Override
    public boolean completeAtEof() {
        if (state == UNTIL_CLOSE) {
            complete(0);
            return true;
        }
        return false;
    }

    @Override
    public void reset() {
        state = STATUS;
        lineLen = 0;
        headBytes = 0;
        contentLength = -1;
        chunked = false;
        close = false;
        remaining = 0;
    }

    private int complete(int index) {
        lastStatus = status;
        lastClose = close;
        reset();
        return index;
    }

    private boolean append(byte[] a, int from, int to) {
        int n = to - from;
        headBytes += n;
        if (lineLen + n > MAX_LINE || headBytes > MAX_HEAD) {
            return false;
        }
        System.arraycopy(a, from, line, lineLen, n);
        lineLen += n;
        return true;
    }

    private int onLine(byte[] a, int s, int e) {
        if (e > s && a[e - 1] == '\r') {
            e--;
        }
        return switch (state) {
            case STATUS -> statusLine(a, s, e);
            case HEADER -> s == e ? endOfHeaders() : header(a, s, e);
            case CHUNK_SIZE -> chunkSize(a, s, e);
            case CHUNK_END -> {
                state = CHUNK_SIZE;
                yield s == e ? CONTINUE : BAD;
            }
            case TRAILER -> s == e ? DONE : CONTINUE;
            default -> BAD;
        };
    }

    private int statusLine(byte[] a, int s, int e) {
        // HTTP/1.x SSS[ reason]
        if (e - s < 12 || a[s] != 'H' || a[s + 1] != 'T' || a[s + 2] != 'T' || a[s + 3] != 'P' || a[s + 4] != '/'
                || a[s + 5] != '1' || a[s + 6] != '.' || (a[s + 7] != '0' && a[s + 7] != '1') || a[s + 8] != ' '
                || !digit(a[s + 9]) || !digit(a[s + 10]) || !digit(a[s + 11]) || (e - s > 12 && a[s + 12] != ' ')) {
            return BAD;
        }
        status = (a[s + 9] - '0') * 100 + (a[s + 10] - '0') * 10 + (a[s + 11] - '0');
        if (status < 100 || status > 599) {
            return BAD;
        }
        close = a[s + 7] == '0';
        state = HEADER;
        return CONTINUE;
    }

    private int header(byte[] a, int s, int e) {
        int colon = -1;
        for (int i = s; i < e; i++) {
            if (a[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= s) {
            return BAD;
        }
        int vs = colon + 1;
        while (vs < e && (a[vs] == ' ' || a[vs] == '\t')) {
            vs++;
        }
        int ve = e;
        while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
            ve--;
        }
        int nameLen = colon - s;
        if (nameLen == CONTENT_LENGTH.length && equalsIgnoreCase(a, s, CONTENT_LENGTH)) {
            if (ve == vs || ve - vs > 18) {
                return BAD;
            }
            long v = 0;
            for (int i = vs; i < ve; i++) {
                if (!digit(a[i])) {
                    return BAD;
                }
                v = v * 10 + (a[i] - '0');
            }
            if (contentLength >= 0 && contentLength != v) {
                return BAD;
            }
            contentLength = v;
        } else if (nameLen == TRANSFER_ENCODING.length && equalsIgnoreCase(a, s, TRANSFER_ENCODING)) {
            chunked = contains(a, vs, ve, CHUNKED);
        } else if (nameLen == CONNECTION.length && equalsIgnoreCase(a, s, CONNECTION)) {
            if (contains(a, vs, ve, CLOSE)) {
                close = true;
            } else if (contains(a, vs, ve, KEEP_ALIVE)) {
                close = false;
            }
        }
        return CONTINUE;
    }

    private int endOfHeaders() {
        if (status < 200 && status != 101) {
            state = STATUS; // an interim response: the real one follows
            contentLength = -1;
            chunked = false;
            return CONTINUE;
        }
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return DONE;
        }
        if (chunked) {
            state = CHUNK_SIZE;
            return CONTINUE;
        }
        if (contentLength >= 0) {
            if (contentLength == 0) {
                return DONE;
            }
            remaining = contentLength;
            state = BODY;
            return CONTINUE;
        }
        close = true;
        state = UNTIL_CLOSE;
        return CONTINUE;
    }

    private int chunkSize(byte[] a, int s, int e) {
        headBytes = 0; // chunk-size lines are body framing, not head: no head limit over a long chunked body
        long size = 0;
        int digits = 0;
        int i = s;
        for (; i < e; i++) {
            int d = hex(a[i]);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                return BAD;
            }
            size = size << 4 | d;
        }
        while (i < e && (a[i] == ' ' || a[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < e && a[i] != ';')) {
            return BAD;
        }
        if (size == 0) {
            state = TRAILER;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
        return CONTINUE;
    }

    private static int indexOfLf(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int l = b | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** Compares against a lower-case ASCII name. */
    private static boolean equalsIgnoreCase(byte[] a, int s, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((a[s + i] | 0x20) != lower[i] && a[s + i] != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] a, int s, int e, byte[] lower) {
        for (int i = s; i + lower.length <= e; i++) {
            if (equalsIgnoreCase(a, i, lower)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
