package io.shardloop.http;

/** Byte classes of RFC 9110/9112 (token, field value, hex). Static tables; any thread. */
final class Ascii {

    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
        // request-target: visible ASCII except '#' (no fragments on the wire)
        for (int c = 0x21; c <= 0x7E; c++) {
            TARGET[c] = c != '#';
        }
        // Host: reg-name / IP-literal / port characters (unreserved, sub-delims, ':', '[', ']', '%')
        for (int c = 0x21; c < 0x7F; c++) {
            HOST[c] = "/?#@\"<>\\^`{|}".indexOf(c) < 0;
        }
        // field-vchar / obs-text / SP / HTAB: anything but the controls and DEL
        for (int c = 0; c < 256; c++) {
            FIELD_VALUE[c] = c >= 0x20 ? c != 0x7F : c == '\t';
        }
    }

    private Ascii() {
    }

    static boolean token(byte b) {
        return TOKEN[b & 0xFF];
    }

    static boolean target(byte b) {
        return TARGET[b & 0xFF];
    }

    /** field-vchar / obs-text / SP / HTAB: anything but the controls and DEL. */
    static boolean fieldValue(byte b) {
        return FIELD_VALUE[b & 0xFF];
    }

    static boolean host(byte b) {
        return HOST[b & 0xFF];
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Value of a hex digit, or -1. */
    static int hex(byte b) {
        int c = b;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        c |= 0x20;
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** Whether buf[off, off+len) equals lowerCase (ASCII letters compared case-insensitively). */
    static boolean equalsLower(byte[] buf, int off, int len, byte[] lowerCase) {
        if (len != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (lower(buf[off + i]) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }
}
