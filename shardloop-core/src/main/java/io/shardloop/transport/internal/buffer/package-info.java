/**
 * Bytes on their way in and out: the per-thread pool of direct buffers, a connection's inbound remainder and outbound
 * chunks, growable heap sinks, and the scratch buffers a thread's TLS connections share. Uses {@code io}.
 */
package io.shardloop.transport.internal.buffer;
