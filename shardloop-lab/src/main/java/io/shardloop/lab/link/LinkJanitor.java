package io.shardloop.lab.link;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every network namespace this JVM made and has not removed yet, a shutdown hook that removes them on Ctrl-C or any
 * other exit, and removal of those that a lab killed with SIGKILL left behind ({@code sllab-<lab pid>-s|c}, that pid
 * gone). Deleting a namespace deletes the veth end in it, its peer and their qdiscs. Any thread.
 */
final class LinkJanitor {

    static final Pattern NAME = Pattern.compile("sllab-(\\d+)-[sc]");

    private static final Set<String> LIVE = new LinkedHashSet<>(); // guarded by the class
    private static boolean hooked; // guarded by the class

    private LinkJanitor() {
    }

    static synchronized void register(String namespace) {
        LIVE.add(namespace);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("lab-netns-janitor").unstarted(LinkJanitor::removeAll));
        }
    }

    /** Namespaces made and not yet removed, oldest first. */
    static synchronized List<String> live() {
        return new ArrayList<>(LIVE);
    }

    /** Deletes {@code namespace} (if it is there) and forgets it. */
    static void remove(String namespace) {
        try {
            var r = Commands.tryRun(List.of("ip", "netns", "del", namespace));
            if (r.exit() != 0 && exists(namespace)) {
                System.err.println("shardloop lab: could not delete network namespace " + namespace + ": " + r.output().strip());
            }
        } catch (IOException e) {
            System.err.println("shardloop lab: could not delete network namespace " + namespace + ": " + e.getMessage());
        }
        synchronized (LinkJanitor.class) {
            LIVE.remove(namespace);
        }
    }

    static void removeAll() {
        var names = live();
        java.util.Collections.reverse(names);
        names.forEach(LinkJanitor::remove);
    }

    /** The lab's namespaces whose lab is gone, removed; returns their names. */
    static List<String> removeStale() throws IOException {
        var removed = new ArrayList<String>();
        for (var name : namespaces()) {
            var m = NAME.matcher(name);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                remove(name);
                removed.add(name);
            }
        }
        return removed;
    }

    /** The names {@code ip netns list} shows. */
    static List<String> namespaces() throws IOException {
        return Commands.run(List.of("ip", "netns", "list")).lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+")[0]).toList();
    }

    static boolean exists(String namespace) throws IOException {
        return namespaces().contains(namespace);
    }
}
