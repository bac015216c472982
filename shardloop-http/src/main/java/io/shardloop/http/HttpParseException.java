package io.shardloop.http;

/** A request the parser refuses: the status to answer (always followed by close) and why. No stack trace. */
public final class HttpParseException extends Exception {

    private final int status;

    public HttpParseException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
