/**
 * The Linux transport through the FFM API: the epoll driver, native stream and listen sockets, the hand-off of
 * accepted sockets between loops, the eventfd wake-up and the per-thread native scratch. Uses {@code io}.
 */
package io.shardloop.transport.internal.epoll;
