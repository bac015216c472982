package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.Offload;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.model.ModelKind;

/** One way to serve the application: model, thread count and, for the worker models, executor and inline policy. */
public record Setting(ModelKind model, int threads, Offload offload) {

    public static Setting of(RunResult r) {
        return new Setting(r.model(), r.threads(), r.offload() == null ? Offload.DEFAULT : r.offload());
    }

    /** e.g. {@code single-reactor}, {@code main-sub x2}, {@code reactor-workers (work-stealing, inline adaptive)}. */
    public String label() {
        var sb = new StringBuilder(model.cliName());
        if (threads > 1) {
            sb.append(" x").append(threads);
        }
        if (offload.executor() != null || offload.inline() != null) {
            sb.append(" (");
            if (offload.executor() != null) {
                sb.append(offload.executor().cliName());
            }
            if (offload.inline() != null) {
                sb.append(offload.executor() != null ? ", " : "").append("inline ").append(offload.inline());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
