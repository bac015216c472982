package io.shardloop.lab.link;

import io.shardloop.lab.run.ServerNet;
import java.util.List;

/**
 * The network between the server and the load generator: the loopback of one namespace, or two namespaces joined by
 * a veth pair ({@link NetnsLink}). The runner asks it how to wrap each side's command, what the server binds and what
 * the client dials, and runs its own probes of the server (port, admin) through it. Thread-safe.
 */
public sealed interface Link extends ServerNet, AutoCloseable permits Loopback, NetnsLink {

    /** The command prefix that puts the server's process on its side of the link (before taskset). */
    List<String> serverPrefix();

    /** The command prefix that puts the load generator on its side. */
    List<String> clientPrefix();

    /** The address the server binds ({@code serve --host}). */
    String bindHost();

    /** The address the load generator dials. */
    String serverHost();

    /** The cap on each direction, or null when uncapped. */
    LinkRate rate();

    /** One line for the report's environment. */
    String describe();

    /** What the link carried so far in each direction, or null where nothing is counted (loopback). */
    LinkCounters counters();

    @Override
    void close();
}
