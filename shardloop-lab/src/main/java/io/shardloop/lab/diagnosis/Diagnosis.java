package io.shardloop.lab.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's verdict: the first primary finding, then any remarks (e.g. imbalanced loops), as one line like the last
 * column of seed 000's table. Immutable; any thread.
 *
 * @param label     the verdict's label, e.g. {@code dispatcher-bound}, or {@code unexplained}
 * @param line      the one-line verdict with its evidence
 * @param findings  every rule that fired, in priority order
 */
public record Diagnosis(String label, String line, List<Finding> findings) {

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    /** Diagnoses {@code f} with the default thresholds. */
    public static Diagnosis of(RunFigures f) {
        return of(f, Thresholds.DEFAULTS);
    }

    public static Diagnosis of(RunFigures f, Thresholds t) {
        var findings = new ArrayList<Finding>();
        for (var rule : Rules.all(t)) {
            rule.apply(f).ifPresent(findings::add);
        }
        Optional<Finding> primary = findings.stream().filter(Finding::primary).findFirst();
        var remarks = findings.stream().filter(x -> !x.primary()).toList();
        var line = new StringBuilder();
        String label;
        if (primary.isPresent()) {
            label = primary.get().label();
            line.append(primary.get());
            if (label.equals("contended")) {
                // the neighbours explain the noise, not always the shape: say what the figures show besides
                findings.stream().filter(Finding::primary).skip(1).findFirst()
                        .ifPresent(next -> line.append("; besides: ").append(next.label()));
            }
        } else {
            label = "unexplained";
            line.append("unexplained (%s, client %.0f%%)".formatted(f.serverUse(), f.clientCpuPercent()));
        }
        for (var r : remarks) {
            line.append("; ").append(r);
        }
        return new Diagnosis(label, line.toString(), findings);
    }

    /** Whether a rule with this label fired (primary or remark). */
    public boolean has(String findingLabel) {
        return findings.stream().anyMatch(x -> x.label().equals(findingLabel));
    }
}
