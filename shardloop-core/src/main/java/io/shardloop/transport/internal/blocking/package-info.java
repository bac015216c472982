/**
 * The connection-thread models' side: a connection read and written by blocking calls on its own (platform or virtual)
 * thread, and the reaper that enforces its deadlines. Uses {@code io} and {@code buffer}.
 */
package io.shardloop.transport.internal.blocking;
