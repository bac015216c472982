package io.shardloop.lab.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Caps a veth end's egress with what the kernel has: {@code tbf} (a token bucket, one qdisc), else {@code htb} (one
 * class at rate = ceil), and says which knobs the kernel lacks ({@code netem}: delay and loss; the {@code police}
 * action: a packet-rate cap as seed 001's 700k packets/s). Kernels without modules loadable on demand answer
 * "unknown" for what is not built in: the probe is a real attempt on the lab's own device. Stateless.
 */
final class Shaper {

    /** The queue behind the cap, in time at the capped rate: what latency grows to as it fills. */
    static final int QUEUE_MILLIS = 20;

    enum Kind {
        TBF("tbf (token bucket)"), HTB("htb (one class, rate = ceil; tbf is not in this kernel)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String describe() {
            return description + ", queue " + QUEUE_MILLIS + " ms";
        }
    }

    private Shaper() {
    }

    /** Caps {@code dev}'s egress at {@code rate}; tbf where the kernel has it, else htb; refuses when neither works. */
    static Kind cap(String ns, String dev, LinkRate rate) throws IOException, NetnsLink.Unavailable {
        long burst = Math.max(16 * 1024, Math.round(rate.bytesPerSecond() / 1000)); // ≥ 1 ms at the rate, ≥ a GSO skb's share
        long limit = Math.round(rate.bytesPerSecond() * QUEUE_MILLIS / 1000) + burst;
        var tbf = Commands.tryRun(List.of("tc", "-n", ns, "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate.tc(),
                "burst", Long.toString(burst), "limit", Long.toString(limit)));
        if (tbf.exit() == 0) {
            return Kind.TBF;
        }
        var htb = Commands.tryRun(List.of("tc", "-n", ns, "qdisc", "add", "dev", dev, "root", "handle", "1:", "htb", "default", "1"));
        if (htb.exit() == 0) {
            Commands.run(List.of("tc", "-n", ns, "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb",
                    "rate", rate.tc(), "ceil", rate.tc(), "burst", Long.toString(burst), "cburst", Long.toString(burst)));
            Commands.run(List.of("tc", "-n", ns, "qdisc", "add", "dev", dev, "parent", "1:1", "bfifo", "limit", Long.toString(limit)));
            return Kind.HTB;
        }
        throw new NetnsLink.Unavailable("--link-rate needs the tbf or htb qdisc, and this kernel has neither (tc: "
                + tbf.output().strip() + " / " + htb.output().strip() + ")");
    }

    /** The knobs this kernel lacks, probed in {@code ns} on its loopback (which the lab's probes alone use). */
    static String missing(String ns, String dev, Kind used) throws IOException {
        var absent = new ArrayList<String>();
        if (Commands.tryRun(List.of("tc", "-n", ns, "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms")).exit() == 0) {
            Commands.run(List.of("tc", "-n", ns, "qdisc", "del", "dev", "lo", "root"));
        } else {
            absent.add("netem (no delay or loss emulation)");
        }
        if (Commands.tryRun(List.of("tc", "-n", ns, "actions", "add", "action", "police", "rate", "1mbit", "burst", "10k",
                "index", "1")).exit() == 0) {
            Commands.tryRun(List.of("tc", "-n", ns, "actions", "flush", "action", "police"));
        } else {
            absent.add("the police action (no packet-rate cap: the caps are in bytes per second)");
        }
        return absent.isEmpty() ? "the kernel has netem and police too (not used)" : "not in this kernel: " + String.join(", ", absent);
    }

    /** {@code dev}'s root qdisc's counters. */
    static LinkCounters.Direction counters(String ns, String dev) throws IOException {
        return LinkCounters.Direction.parse(Commands.run(List.of("tc", "-s", "-n", ns, "qdisc", "show", "dev", dev)));
    }
}
