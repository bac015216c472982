package io.shardloop.lab.matrix;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a worker model runs its handlers: the executor and the inline policy ({@code serve --executor --inline}).
 * {@link #DEFAULT} leaves both to {@code serve}'s defaults, as the lab does. Immutable.
 *
 * @param executor  the worker executor, or null for serve's default
 * @param inline    the inline policy in its CLI form ({@code never}, {@code adaptive}, ...), or null for the default
 */
public record Offload(ExecutorKind executor, String inline) {

    public static final Offload DEFAULT = new Offload(null, null);

    public Offload {
        if (inline != null) {
            InlinePolicy.parse(inline); // refuses what serve would refuse
        }
    }

    /** Every executor with every inline policy, in that order. */
    public static List<Offload> product(List<ExecutorKind> executors, List<String> inlines) {
        var out = new ArrayList<Offload>();
        for (var e : executors) {
            for (var i : inlines) {
                out.add(new Offload(e, i));
            }
        }
        return out;
    }

    /** serve's flags for this offload (none for the default). */
    public List<String> serveArgs() {
        var out = new ArrayList<String>();
        if (executor != null) {
            out.addAll(List.of("--executor", executor.cliName()));
        }
        if (inline != null) {
            out.addAll(List.of("--inline", inline));
        }
        return out;
    }

    /** A name part for run names, e.g. {@code -work-stealing-adaptive}; empty for the default. */
    public String suffix() {
        return (executor == null ? "" : "-" + executor.cliName()) + (inline == null ? "" : "-" + inline.replace(':', '-'));
    }
}
