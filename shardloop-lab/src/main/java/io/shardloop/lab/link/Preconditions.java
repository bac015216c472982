package io.shardloop.lab.link;

import io.shardloop.lab.run.CpuSets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/** What {@code --link netns} needs before it touches anything: ip and tc, network namespaces, and the capabilities. */
final class Preconditions {

    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;

    private Preconditions() {
    }

    /** Refuses in one line naming what is missing. {@code status} is /proc/self/status (its CapEff line). */
    static void check(Path status) throws NetnsLink.Unavailable {
        var tools = new ArrayList<String>();
        for (var tool : new String[] {"ip", "tc"}) {
            if (!CpuSets.onPath(tool)) {
                tools.add(tool);
            }
        }
        if (!tools.isEmpty()) {
            throw new NetnsLink.Unavailable("--link netns needs iproute2's " + String.join(" and ", tools)
                    + " on the PATH, which this machine lacks");
        }
        if (!Files.exists(Path.of("/proc/self/ns/net"))) {
            throw new NetnsLink.Unavailable("--link netns needs a kernel with network namespaces (no /proc/self/ns/net)");
        }
        long caps = effectiveCaps(status);
        var lacking = new ArrayList<String>();
        if ((caps & (1L << CAP_SYS_ADMIN)) == 0) {
            lacking.add("CAP_SYS_ADMIN");
        }
        if ((caps & (1L << CAP_NET_ADMIN)) == 0) {
            lacking.add("CAP_NET_ADMIN");
        }
        if (!lacking.isEmpty()) {
            throw new NetnsLink.Unavailable("--link netns needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to make network "
                    + "namespaces and shape them; this process lacks " + String.join(" and ", lacking));
        }
    }

    static long effectiveCaps(Path status) throws NetnsLink.Unavailable {
        try {
            for (var line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        throw new NetnsLink.Unavailable("--link netns cannot read this process's capabilities (CapEff in " + status + ")");
    }
}
