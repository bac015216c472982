/**
 * The event loop and the connection it serves: the loop thread (tasks, timers, run loop), its host, the acceptor,
 * and the non-blocking connection with its state, reply order, deadlines and end. Uses {@code io} and {@code buffer};
 * written against {@code io.IoDriver} only, so any driver runs it.
 */
package io.shardloop.transport.internal.loop;
