/**
 * The contracts every transport implements and every loop is written against: sockets and listeners, the I/O driver
 * and its registrations, readiness bits, hand-offs between loops, and the bounds shared by the connection kinds.
 * Depends on no other transport package.
 */
package io.shardloop.transport.internal.io;
