package io.shardloop.tls;

/** TLS keys or options that cannot be used; the message is one line that names the file or option at fault. */
public final class TlsSetupException extends IllegalArgumentException {
    public TlsSetupException(String message) {
        super(message);
    }

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
