package io.shardloop.lab.cli;

import io.shardloop.lab.link.Link;
import io.shardloop.lab.link.LinkRate;
import io.shardloop.lab.link.Loopback;
import io.shardloop.lab.link.NetnsLink;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --link} and {@code --link-rate}, shared by {@code lab} and {@code lab ceiling}: where the two sides talk. */
final class LinkOptions {

    @Option(names = "--link", paramLabel = "KIND", description = "loopback (one network namespace) or netns (server "
            + "and load generator in two network namespaces joined by veth; needs root) (default: ${DEFAULT-VALUE}).")
    String kind = "loopback";

    @Option(names = "--link-rate", paramLabel = "RATE", converter = CliConverters.Rate.class,
            description = "With --link netns: cap each direction at RATE in tc's units, e.g. 200mbit or 25mbps (tbf, or htb "
                    + "where the kernel lacks tbf).")
    LinkRate rate;

    /** Checks the flags without making anything. */
    void validate(CommandLine cli) {
        switch (kind) {
            case "loopback" -> {
                if (rate != null) throw new ParameterException(cli, "--link-rate needs --link netns");
            }
            case "netns" -> {
            }
            default -> throw new ParameterException(cli, "--link accepts loopback or netns, got '" + kind + "'");
        }
    }

    /** Makes the link (namespaces, veth, caps): the caller closes it; refuses in one line when it cannot. */
    Link open(CommandLine cli) {
        validate(cli);
        if (kind.equals("loopback")) {
            return new Loopback();
        }
        try {
            return NetnsLink.open(rate);
        } catch (NetnsLink.Unavailable e) {
            throw new ParameterException(cli, e.getMessage());
        }
    }
}
