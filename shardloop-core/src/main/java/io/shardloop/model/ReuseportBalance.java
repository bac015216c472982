package io.shardloop.model;

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
        return FlagValues.of(this);
    }

    public static ReuseportBalance parse(String text) {
        return FlagValues.parse(ReuseportBalance.class, text, "reuseport balance");
    }

    @Override
    public String toString() {
        return cliName();
    }
}
