package io.shardloop.load;

import io.shardloop.nativeio.Libc;

/** Which {@link ClientIo} a run's loops use ({@code --io}). */
public enum IoKind {
    /** epoll where it is available (Linux on x86_64 or aarch64 with native access), else nio. */
    AUTO,
    /** Linux epoll and socket calls through the FFM API: the fewest system calls per connection. */
    EPOLL,
    /** java.nio selector and channels: portable. */
    NIO;

    public static IoKind parse(String text) {
        for (var k : values()) {
            if (k.name().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new LoadSpecException("--io", "accepts auto, epoll or nio, got '" + text + "'");
    }

    /** The implementation this kind stands for on this machine and for this target. */
    public IoKind resolve(boolean ipv4) {
        return switch (this) {
            case AUTO -> Libc.AVAILABLE && ipv4 ? EPOLL : NIO;
            case EPOLL -> {
                if (!Libc.AVAILABLE) {
                    throw new LoadSpecException("--io", "epoll needs Linux on x86_64 or aarch64 with native access"
                            + " (--enable-native-access); use nio");
                }
                if (!ipv4) {
                    throw new LoadSpecException("--io", "epoll serves IPv4 targets; use nio");
                }
                yield EPOLL;
            }
            case NIO -> NIO;
        };
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
