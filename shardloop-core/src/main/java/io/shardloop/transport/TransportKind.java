package io.shardloop.transport;

import io.shardloop.nativeio.Libc;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The transport a server asks for ({@code --transport nio|epoll|auto}); {@link #resolve()} says which one runs. */
public enum TransportKind {
    /** epoll on Linux x86_64 and aarch64 with native access, java.nio elsewhere. */
    AUTO,
    /** Linux epoll through the FFM API: the fewest system calls per connection. */
    EPOLL,
    /** java.nio's Selector and channels: portable. */
    NIO;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flag value; the message names what it accepts. */
    public static TransportKind parse(String text) {
        for (var k : values()) {
            if (k.cliName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + text + "'; expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(TransportKind::cliName).collect(Collectors.joining(", "));
    }

    /**
     * The transport this kind stands for on this machine: {@link #EPOLL} or {@link #NIO}, never {@link #AUTO}.
     *
     * @throws IllegalStateException for {@link #EPOLL} where it cannot work, with one line saying why
     */
    public TransportKind resolve() {
        return switch (this) {
            case AUTO -> Libc.AVAILABLE ? EPOLL : NIO;
            case EPOLL -> {
                if (!Libc.AVAILABLE) {
                    throw new IllegalStateException("--transport epoll cannot run here: " + Libc.UNAVAILABLE_REASON);
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    @Override
    public String toString() {
        return cliName();
    }
}
