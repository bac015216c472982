package io.shardloop.lab.cli;

import io.shardloop.lab.report.Report;
import io.shardloop.lab.report.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Where lab commands write, and what they print when done. Stateless. */
final class ReportOutput {

    private ReportOutput() {
    }

    /** {@code dir}, or {@code lab-results/<timestamp>-<name>} when not given. */
    static Path directory(Path dir, String name) {
        if (dir != null) {
            return dir;
        }
        var stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("lab-results", stamp + (name.isEmpty() ? "" : "-" + name));
    }

    /** Writes the report's files and prints its table and where the files are. */
    static void finish(Report report, Path dir, PrintWriter out) {
        report.environment().putIfAbsent("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        report.environment().putIfAbsent("cpus", Runtime.getRuntime().availableProcessors());
        List<Path> charts = ReportWriter.write(dir, report);
        out.println();
        out.println(report.title());
        out.print(ReportWriter.text(report));
        for (var note : report.notes()) {
            out.println("note: " + note);
        }
        out.println("results: " + dir.resolve(ReportWriter.SUMMARY) + ", " + dir.resolve(ReportWriter.CSV) + ", "
                + dir.resolve(ReportWriter.JSON));
        charts.stream().filter(p -> p.toString().endsWith(".png")).findFirst()
                .ifPresent(p -> out.println("charts:  " + p.getParent() + "/*.png, *.svg"));
    }
}
