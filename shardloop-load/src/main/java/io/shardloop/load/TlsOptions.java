package io.shardloop.load;

import java.nio.file.Path;

/**
 * How an https:// run speaks TLS. Verification is on unless asked off: with neither {@code trustFile} nor
 * {@code insecure} the server's chain is checked against the JDK's CA certificates, and its name against the
 * URL's host. Immutable, any thread.
 *
 * @param resume    offer the session of an earlier connection on each new one (TLS 1.3 tickets, TLS 1.2 ids)
 * @param trustFile the certificates to trust instead (PEM, or a PKCS#12 or JKS keystore); null for the JDK's
 * @param insecure  accept any certificate and any name (a test server's self-signed one); never the default
 */
public record TlsOptions(boolean resume, Path trustFile, boolean insecure) {
}
