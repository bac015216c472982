package io.shardloop.lab.link;

import java.util.List;
import java.util.concurrent.Callable;

/** The default: server and load generator on the loopback of the lab's own network namespace. Stateless. */
public record Loopback() implements Link {

    @Override
    public List<String> serverPrefix() {
        return List.of();
    }

    @Override
    public List<String> clientPrefix() {
        return List.of();
    }

    @Override
    public String bindHost() {
        return "127.0.0.1";
    }

    @Override
    public String serverHost() {
        return "127.0.0.1";
    }

    @Override
    public LinkRate rate() {
        return null;
    }

    @Override
    public String describe() {
        return "loopback (127.0.0.1, one network namespace)";
    }

    @Override
    public LinkCounters counters() {
        return null;
    }

    @Override
    public <T> T call(Callable<T> task) throws Exception {
        return task.call();
    }

    @Override
    public void close() {
    }
}
