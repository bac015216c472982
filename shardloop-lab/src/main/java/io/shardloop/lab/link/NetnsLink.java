package io.shardloop.lab.link;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Two hosts on one machine: the server in network namespace {@code sllab-<pid>-s} (10.77.0.1), the load generator in
 * {@code sllab-<pid>-c} (10.77.0.2), joined by the veth pair {@code sllab<pid>s}/{@code sllab<pid>c}, each end's
 * egress capped by a {@link Shaper} when a rate is given (so each direction is capped). Nothing is added to the lab's
 * own namespace. {@link #close} (and the janitor's shutdown hook) deletes both namespaces, which takes the veth pair
 * and its qdiscs with them. Thread-safe.
 */
public final class NetnsLink implements Link {

    static final String SERVER_ADDRESS = "10.77.0.1";
    static final String CLIENT_ADDRESS = "10.77.0.2";

    private final String serverNs;
    private final String clientNs;
    private final String serverDev;
    private final String clientDev;
    private final LinkRate rate;
    private final Shaper.Kind shaper;
    private final String missing;
    private final NetnsThread serverThread;

    private NetnsLink(String tag, LinkRate rate, Shaper.Kind shaper, String missing, NetnsThread serverThread) {
        this.serverNs = "sllab-" + tag + "-s";
        this.clientNs = "sllab-" + tag + "-c";
        this.serverDev = "sllab" + tag + "s";
        this.clientDev = "sllab" + tag + "c";
        this.rate = rate;
        this.shaper = shaper;
        this.missing = missing;
        this.serverThread = serverThread;
    }

    /** Thrown when this machine cannot make the link; the message is the one line to show. */
    public static final class Unavailable extends Exception {
        public Unavailable(String why) {
            super(why);
        }
    }

    /** Makes the namespaces, the veth pair and (with {@code rate}) the caps; refuses in one line when it cannot. */
    public static NetnsLink open(LinkRate rate) throws Unavailable {
        return open(rate, Path.of("/proc/self/status"));
    }

    /** As {@link #open(LinkRate)}, reading this process's capabilities from {@code status} (tests). */
    static NetnsLink open(LinkRate rate, Path status) throws Unavailable {
        Preconditions.check(status);
        var tag = Long.toString(ProcessHandle.current().pid());
        var serverNs = "sllab-" + tag + "-s";
        var clientNs = "sllab-" + tag + "-c";
        var made = new ArrayList<String>();
        try {
            LinkJanitor.removeStale();
            for (var ns : List.of(serverNs, clientNs)) {
                if (LinkJanitor.exists(ns)) {
                    throw new Unavailable("--link netns: this lab already has a link (" + ns + "); one per process");
                }
                LinkJanitor.register(ns);
                made.add(ns);
                Commands.run(List.of("ip", "netns", "add", ns));
            }
            var serverDev = "sllab" + tag + "s";
            var clientDev = "sllab" + tag + "c";
            try {
                Commands.run(List.of("ip", "-n", serverNs, "link", "add", serverDev, "type", "veth", "peer", "name",
                        clientDev, "netns", clientNs));
            } catch (IOException e) {
                throw new Unavailable("--link netns needs veth pairs, which this kernel refused (" + e.getMessage() + ")");
            }
            up(serverNs, serverDev, SERVER_ADDRESS);
            up(clientNs, clientDev, CLIENT_ADDRESS);
            Shaper.Kind kind = null;
            if (rate != null) {
                kind = Shaper.cap(serverNs, serverDev, rate);
                Shaper.cap(clientNs, clientDev, rate);
            }
            var missing = Shaper.missing(serverNs, serverDev, kind);
            var link = new NetnsLink(tag, rate, kind, missing, new NetnsThread(serverNs));
            made.clear();
            return link;
        } catch (IOException e) {
            throw new Unavailable("--link netns: could not set up the link: " + e.getMessage());
        } finally {
            made.forEach(LinkJanitor::remove); // a set-up that failed half-way leaves nothing
        }
    }

    private static void up(String ns, String dev, String address) throws IOException {
        Commands.run(List.of("ip", "-n", ns, "addr", "add", address + "/30", "dev", dev));
        Commands.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        Commands.run(List.of("ip", "-n", ns, "link", "set", dev, "up"));
    }

    public String serverNamespace() {
        return serverNs;
    }

    public String clientNamespace() {
        return clientNs;
    }

    @Override
    public LinkRate rate() {
        return rate;
    }

    @Override
    public List<String> serverPrefix() {
        return List.of("ip", "netns", "exec", serverNs);
    }

    @Override
    public List<String> clientPrefix() {
        return List.of("ip", "netns", "exec", clientNs);
    }

    @Override
    public String bindHost() {
        return "0.0.0.0"; // the veth address for the client, loopback for the lab's probes
    }

    @Override
    public String serverHost() {
        return SERVER_ADDRESS;
    }

    @Override
    public String describe() {
        var cap = rate == null ? "uncapped" : "each direction capped at " + rate + " by " + shaper.describe();
        return "two network namespaces joined by veth: server " + serverNs + " (" + SERVER_ADDRESS + "), load generator "
                + clientNs + " (" + CLIENT_ADDRESS + "); " + cap + "; " + missing;
    }

    @Override
    public LinkCounters counters() {
        if (rate == null) {
            return null; // veth's default noqueue counts nothing
        }
        try {
            return new LinkCounters(System.nanoTime(), Shaper.counters(serverNs, serverDev), Shaper.counters(clientNs, clientDev));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public <T> T call(Callable<T> task) throws Exception {
        return serverThread.call(task);
    }

    /** The server-side thread's namespace as the kernel names it (tests). */
    String serverThreadNamespace() throws Exception {
        return serverThread.namespaceId();
    }

    /** Whether both namespaces still exist. */
    boolean exists() throws IOException {
        return LinkJanitor.exists(serverNs) && LinkJanitor.exists(clientNs);
    }

    @Override
    public void close() {
        serverThread.close();
        LinkJanitor.remove(clientNs);
        LinkJanitor.remove(serverNs);
    }
}
