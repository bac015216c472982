package io.shardloop.lab.link;

import java.util.regex.Pattern;

/**
 * What each end's root qdisc counted ({@code tc -s qdisc show}): bytes and packets sent, drops, overlimits (a packet
 * waited for tokens) and the backlog at that moment, for the server-to-client and client-to-server directions.
 * Immutable.
 */
public record LinkCounters(long nanoTime, Direction toClient, Direction toServer) {

    /** One qdisc's counters. */
    public record Direction(long bytes, long packets, long dropped, long overlimits, long backlogBytes) {

        private static final Pattern SENT = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+), overlimits (\\d+)");
        private static final Pattern BACKLOG = Pattern.compile("backlog (\\d+)b");

        /** Reads the first qdisc of {@code tc -s qdisc show dev X}'s output. */
        static Direction parse(String tcOutput) {
            var sent = SENT.matcher(tcOutput);
            if (!sent.find()) {
                throw new IllegalArgumentException("no 'Sent ... bytes' in tc's output: " + tcOutput.strip());
            }
            var backlog = BACKLOG.matcher(tcOutput);
            return new Direction(Long.parseLong(sent.group(1)), Long.parseLong(sent.group(2)), Long.parseLong(sent.group(3)),
                    Long.parseLong(sent.group(4)), backlog.find() ? Long.parseLong(backlog.group(1)) : 0);
        }

        Direction minus(Direction o) {
            return new Direction(bytes - o.bytes, packets - o.packets, dropped - o.dropped, overlimits - o.overlimits,
                    backlogBytes);
        }
    }

    /** The counts between {@code earlier} and this. */
    public LinkCounters since(LinkCounters earlier) {
        return new LinkCounters(nanoTime - earlier.nanoTime, toClient.minus(earlier.toClient), toServer.minus(earlier.toServer));
    }

    /** One line: each direction's rate against the cap, packets per second, drops; {@code this} must be a delta. */
    public String line(LinkRate cap) {
        double s = nanoTime / 1e9;
        return "link: server→client %s, client→server %s over %.1f s".formatted(dir(toClient, s, cap), dir(toServer, s, cap), s);
    }

    private static String dir(Direction d, double seconds, LinkRate cap) {
        double mbit = d.bytes * 8 / seconds / 1e6;
        var share = cap == null ? "" : " (%.0f%% of %s)".formatted(100 * mbit * 1e6 / cap.bitsPerSecond(), cap);
        return "%.1f Mbit/s%s, %.0f pkt/s, %d dropped".formatted(mbit, share, d.packets / seconds, d.dropped);
    }
}
