/**
 * The java.nio transport: a Selector-based driver and ServerSocketChannel listeners. Uses {@code io}.
 */
package io.shardloop.transport.internal.nio;
