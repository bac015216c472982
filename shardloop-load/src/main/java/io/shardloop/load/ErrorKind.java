package io.shardloop.load;

/** Why a request failed; each kind is counted apart and none counts as a success. Immutable. */
public enum ErrorKind {
    /** The TCP connection could not be established (refused, unreachable, or not within the timeout). */
    CONNECT,
    /** The connection was reset, or closed by the server while a request was outstanding. */
    RESET,
    /** No complete answer within the timeout. */
    TIMEOUT,
    /** The bytes received were not a valid response (bad status line, bad framing, wrong echo). */
    GARBAGE,
    /** A well-formed response with a status that was not expected (by default: not 2xx). */
    STATUS,
    /** https: the TLS handshake failed (an alert, an untrusted certificate, a close) or did not finish in time. */
    TLS;

    static final ErrorKind[] ALL = values();
}
