package io.shardloop.lab.diagnosis;

/**
 * One rule's conclusion about a run: a short label (the seeds' vocabulary) and the figures that support it.
 *
 * @param label    e.g. {@code dispatcher-bound}
 * @param evidence e.g. {@code main loop 97% CPU, sub-loops 62% in select}
 * @param primary  whether it can explain the throughput on its own (else it is a remark added to the verdict)
 */
public record Finding(String label, String evidence, boolean primary) {

    @Override
    public String toString() {
        return label + " (" + evidence + ")";
    }
}
