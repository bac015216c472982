package io.shardloop.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One HTTP request. The codec fills one instance per connection and reuses it (a flyweight over the codec's
 * receive buffer): it is valid only while the handler runs on the thread that decoded it. {@link #detach()}
 * returns an owned copy for work that outlives that call or moves to another thread (the worker models and
 * the async handlers do it for you).
 *
 * <p>Strings are made only on demand: header values, the path and the body are read from the bytes.
 * Thread contract: one thread at a time (the decoding thread for the flyweight, any thread for a detached copy).
 */
public final class Request {

    public static final String GET = "GET";
    public static final String HEAD = "HEAD";
    public static final String POST = "POST";
    public static final String PUT = "PUT";
    public static final String DELETE = "DELETE";
    public static final String PATCH = "PATCH";
    public static final String OPTIONS = "OPTIONS";
    public static final String TRACE = "TRACE";
    public static final String CONNECT = "CONNECT";

    public static final String HTTP_1_0 = "HTTP/1.0";
    public static final String HTTP_1_1 = "HTTP/1.1";

    byte[] buf;
    int base;
    String method;
    boolean http11;
    boolean keepAlive;
    int targetOff;
    int targetLen;
    int pathOff;
    int pathLen;
    int queryOff = -1;
    int queryLen;
    int headerCount;
    int[] fields = new int[4 * 8];
    int bodyOff;
    int bodyLen;
    private String path;
    private String target;
    private String[] paramNames;
    private String[] paramValues;
    private final boolean detached;

    Request() {
        this.detached = false;
    }

    private Request(boolean detached) {
        this.detached = detached;
    }

    /** Clears the per-request caches before the parser refills this flyweight. */
    void reset() {
        path = null;
        target = null;
        paramNames = null;
        paramValues = null;
        headerCount = 0;
        queryOff = -1;
        queryLen = 0;
        bodyLen = 0;
    }

    void addField(int nameOff, int nameLen, int valueOff, int valueLen) {
        int i = headerCount * 4;
        if (i + 4 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[i] = nameOff;
        fields[i + 1] = nameLen;
        fields[i + 2] = valueOff;
        fields[i + 3] = valueLen;
        headerCount++;
    }

    /** The method, as one of this class's constants when it is a standard one (compare with == or equals). */
    public String method() {
        return method;
    }

    /** {@code HTTP/1.1} (also for 1.2..1.9) or {@code HTTP/1.0}. */
    public String version() {
        return http11 ? HTTP_1_1 : HTTP_1_0;
    }

    public boolean isHttp11() {
        return http11;
    }

    /** Whether the connection stays open after this request's response (before the handler's say). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The request target as sent (origin-form {@code /a?b}, absolute-form, or {@code *}). */
    public String target() {
        if (target == null) {
            target = ascii(targetOff, targetLen);
        }
        return target;
    }

    /** The path of the target, without the query, not percent-decoded. */
    public String path() {
        if (path == null) {
            path = pathLen == 0 ? "/" : ascii(pathOff, pathLen);
        }
        return path;
    }

    /** Whether the raw path equals {@code candidate} (ASCII bytes), without making a String. */
    public boolean pathEquals(byte[] candidate) {
        if (pathLen == 0) {
            return candidate.length == 1 && candidate[0] == '/';
        }
        return pathLen == candidate.length
                && Arrays.equals(buf, base + pathOff, base + pathOff + pathLen, candidate, 0, candidate.length);
    }

    /** Length of the raw path ({@code http://host} has the path {@code /}). */
    public int pathLength() {
        return pathLen == 0 ? 1 : pathLen;
    }

    /** The byte of the raw path at {@code i}. */
    public byte pathByte(int i) {
        if (pathLen == 0 && i == 0) {
            return '/';
        }
        if (i < 0 || i >= pathLen) {
            throw new IndexOutOfBoundsException(i);
        }
        return buf[base + pathOff + i];
    }

    /** The raw query (after {@code ?}), or null when there is none. */
    public String query() {
        return queryOff < 0 ? null : ascii(queryOff, queryLen);
    }

    public int headerCount() {
        return headerCount;
    }

    public String headerName(int i) {
        checkField(i);
        return ascii(fields[4 * i], fields[4 * i + 1]);
    }

    public String headerValue(int i) {
        checkField(i);
        return latin1(fields[4 * i + 2], fields[4 * i + 3]);
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : latin1(fields[4 * i + 2], fields[4 * i + 3]);
    }

    /** Every value of header {@code name} (case-insensitive), in order; empty when absent. */
    public List<String> headers(String name) {
        var out = new ArrayList<String>(1);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            out.add(latin1(fields[4 * i + 2], fields[4 * i + 3]));
        }
        return out;
    }

    private int indexOf(String name, int from) {
        int n = name.length();
        for (int i = from; i < headerCount; i++) {
            if (fields[4 * i + 1] == n && nameMatches(fields[4 * i], name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameMatches(int off, String name) {
        int p = base + off;
        for (int k = 0; k < name.length(); k++) {
            int a = buf[p + k];
            int b = name.charAt(k);
            if (a != b && Ascii.lower(a) != Ascii.lower(b)) {
                return false;
            }
        }
        return true;
    }

    public int bodyLength() {
        return bodyLen;
    }

    /** A copy of the body (empty array when there is none). */
    public byte[] body() {
        return Arrays.copyOfRange(buf, base + bodyOff, base + bodyOff + bodyLen);
    }

    /** A read-only view of the body, valid as long as this request is. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(buf, base + bodyOff, bodyLen).slice().asReadOnlyBuffer();
    }

    public String bodyText() {
        return new String(buf, base + bodyOff, bodyLen, StandardCharsets.UTF_8);
    }

    /** The value a router bound to path parameter {@code name} (e.g. {@code id} of {@code /users/{id}}), or null. */
    public String pathParam(String name) {
        if (paramNames != null) {
            for (int i = 0; i < paramNames.length; i++) {
                if (paramNames[i].equals(name)) {
                    return paramValues[i];
                }
            }
        }
        return null;
    }

    /** For routers: binds the path parameters of the matched route (arrays are kept, not copied). */
    public void bindPathParams(String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
        this.paramNames = names;
        this.paramValues = values;
    }

    /** Whether this is an owned copy (true) or the codec's reused flyweight (false). */
    public boolean isDetached() {
        return detached;
    }

    /**
     * An owned copy that stays valid after decoding moved on (for another thread, or for later). Copies only
     * the request line, the header fields and the body; returns this when already detached.
     */
    public Request detach() {
        if (detached) {
            return this;
        }
        int lo = Math.min(targetOff, bodyOff);
        int hi = Math.max(targetOff + targetLen, bodyOff + bodyLen);
        for (int i = 0; i < headerCount; i++) {
            lo = Math.min(lo, fields[4 * i]);
            hi = Math.max(hi, fields[4 * i + 2] + fields[4 * i + 3]);
        }
        var copy = new Request(true);
        copy.buf = Arrays.copyOfRange(buf, base + lo, base + hi);
        copy.base = -lo;
        copy.method = method;
        copy.http11 = http11;
        copy.keepAlive = keepAlive;
        copy.targetOff = targetOff;
        copy.targetLen = targetLen;
        copy.pathOff = pathOff;
        copy.pathLen = pathLen;
        copy.queryOff = queryOff;
        copy.queryLen = queryLen;
        copy.headerCount = headerCount;
        copy.fields = Arrays.copyOf(fields, headerCount * 4);
        copy.bodyOff = bodyOff;
        copy.bodyLen = bodyLen;
        copy.path = path;
        copy.target = target;
        copy.paramNames = paramNames;
        copy.paramValues = paramValues;
        return copy;
    }

    private void checkField(int i) {
        if (i < 0 || i >= headerCount) {
            throw new IndexOutOfBoundsException("header " + i + " of " + headerCount);
        }
    }

    private String ascii(int off, int len) {
        return new String(buf, base + off, len, StandardCharsets.US_ASCII);
    }

    private String latin1(int off, int len) {
        return new String(buf, base + off, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return method + " " + target() + " " + version();
    }
}
