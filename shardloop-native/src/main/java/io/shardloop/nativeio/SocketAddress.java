package io.shardloop.nativeio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;

/** struct sockaddr_in / sockaddr_in6 written into native memory, for bind and connect. Any thread. */
public final class SocketAddress {
    /** Bytes a segment needs to hold either kind. */
    public static final int MAX_SIZE = 28;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SocketAddress() {
    }

    /** Writes {@code address:port} at the start of {@code to} ({@link #MAX_SIZE} bytes); returns its length. */
    public static int write(MemorySegment to, InetAddress address, int port) {
        to.asSlice(0, MAX_SIZE).fill((byte) 0);
        to.set(NET_SHORT, 2, (short) port);
        if (address instanceof Inet4Address v4) {
            to.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) Libc.AF_INET); // host order
            MemorySegment.copy(v4.getAddress(), 0, to, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        var v6 = (Inet6Address) address;
        to.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(v6.getAddress(), 0, to, ValueLayout.JAVA_BYTE, 8, 16);
        to.set(ValueLayout.JAVA_INT_UNALIGNED, 24, v6.getScopeId());
        return 28;
    }

    /** The port of the address at the start of {@code from} (either kind: the port sits at the same offset). */
    public static int port(MemorySegment from) {
        return Short.toUnsignedInt(from.get(NET_SHORT, 2));
    }

    public static int family(InetAddress address) {
        return address instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
    }
}
