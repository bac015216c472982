/**
 * TLS as a layer between a connection and its socket, through the JDK's SSLEngine. Uses {@code io}, {@code buffer}
 * and {@code loop} (the host that serves the connection runs its handshake's hand-back).
 */
package io.shardloop.transport.internal.tls;
