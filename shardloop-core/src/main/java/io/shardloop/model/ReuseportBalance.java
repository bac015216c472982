package io.shardloop.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the kernel spreads shared-nothing's connections over its SO_REUSEPORT listeners ({@code --reuseport-balance}):
 * the kernel's hash of the connection's addresses and ports, or the listener of the CPU that received the SYN
 * (a classic BPF program attached with SO_ATTACH_REUSEPORT_CBPF, epoll transport). The CPU choice pays with a NIC
 * that spreads flows over CPUs (RSS) and loops pinned one per CPU: a connection is then served where its packets
 * arrive. On loopback the SYN is handled on the client's CPU, so one client's connections all land on one loop.
 */
public enum ReuseportBalance {
    HASH,
    CPU;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReuseportBalance parse(String text) {
        for (var c : values()) {
            if (c.cliName().equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown reuseport balance '" + text + "'; expected one of "
                + Arrays.stream(values()).map(ReuseportBalance::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName();
    }
}
