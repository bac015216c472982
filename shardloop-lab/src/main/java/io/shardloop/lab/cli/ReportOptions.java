package io.shardloop.lab.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every lab command that writes a report shares: where it goes and whether to draw progress. */
final class ReportOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: lab-results/<timestamp>, with the experiment's name after it).")
    Path out;

    @Option(names = "--no-progress", negatable = false, description = "Do not draw the progress bar.")
    boolean noProgress;

    /** The report directory: --out, or a fresh timestamped one named after {@code experiment} ("" for none). */
    Path directory(String experiment) {
        return ReportOutput.directory(out, experiment);
    }

    boolean progressBar() {
        return !noProgress;
    }
}
