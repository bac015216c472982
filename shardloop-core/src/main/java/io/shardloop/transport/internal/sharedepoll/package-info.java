/**
 * The {@code shared-epoll} engine: one epoll set served by a pool of threads, each connection served by whichever
 * thread holds its turn; the pool's timers, tasks and accepts. Uses {@code io}, {@code buffer}, {@code epoll},
 * {@code loop} and {@code tls}.
 */
package io.shardloop.transport.internal.sharedepoll;
