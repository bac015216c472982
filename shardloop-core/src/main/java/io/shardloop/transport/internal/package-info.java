/**
 * The transports behind {@code io.shardloop.transport}, one mechanism per package, each using only those listed
 * before it: {@code io} (the contracts), {@code buffer}, {@code nio} and {@code epoll} (the drivers), {@code loop}
 * and {@code blocking} (who serves connections), {@code tls}, {@code sharedepoll}. This package holds only
 * {@link io.shardloop.transport.internal.Transports}, the switch between the drivers. Not exported.
 */
package io.shardloop.transport.internal;
