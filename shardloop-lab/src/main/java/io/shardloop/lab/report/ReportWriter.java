package io.shardloop.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Report} into a directory: results.csv, results.json, summary.md and the charts (PNG and SVG).
 * One thread at a time.
 */
public final class ReportWriter {

    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
    public static final String SUMMARY = "summary.md";

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** Writes every file and returns the paths of the charts written. */
    public static List<Path> write(Path dir, Report report) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CSV), csv(report), StandardCharsets.UTF_8);
            JSON_MAPPER.writeValue(dir.resolve(JSON).toFile(), json(report));
            var charts = new ArrayList<Path>();
            for (var spec : report.charts()) {
                charts.addAll(Charts.write(dir, report, spec));
            }
            Files.writeString(dir.resolve(SUMMARY), markdown(report, charts, dir), StandardCharsets.UTF_8);
            return charts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csv(Report report) {
        var sb = new StringBuilder(String.join(",", report.columns())).append('\n');
        for (var row : report.rows()) {
            var cells = new ArrayList<String>();
            for (var c : report.columns()) {
                cells.add(Fmt.csv(row.get(c)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Object> json(Report report) {
        var out = new LinkedHashMap<String, Object>();
        out.put("title", report.title());
        out.put("command", report.command());
        out.put("environment", report.environment());
        out.put("notes", report.notes());
        out.put("columns", report.columns());
        var rows = new ArrayList<Map<String, Object>>();
        for (var row : report.rows()) {
            var clean = new LinkedHashMap<String, Object>();
            for (var c : report.columns()) {
                clean.put(c, finite(row.get(c)));
            }
            rows.add(clean);
        }
        out.put("rows", rows);
        out.put("details", report.details());
        return out;
    }

    private static Object finite(Object v) {
        return v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : v;
    }

    static String markdown(Report report, List<Path> charts, Path dir) {
        var sb = new StringBuilder("# ").append(report.title()).append("\n\n");
        if (report.command() != null) {
            sb.append("`").append(report.command()).append("`\n\n");
        }
        if (!report.environment().isEmpty()) {
            report.environment().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
            sb.append('\n');
        }
        for (var note : report.notes()) {
            sb.append("> ").append(note).append("\n\n");
        }
        for (var group : report.groups()) {
            if (group != null) {
                sb.append("## ").append(report.groupBy()).append(": ").append(group).append("\n\n");
            }
            var columns = shown(report, group);
            var headers = columns.stream().map(DisplayColumn::header).toList();
            sb.append("| ").append(String.join(" | ", headers)).append(" |\n");
            sb.append("|").append("---|".repeat(headers.size())).append('\n');
            for (var row : report.rowsOf(group)) {
                sb.append("| ");
                var cells = new ArrayList<String>();
                for (var col : columns) {
                    cells.add(col.format().apply(row).replace("|", "\\|"));
                }
                sb.append(String.join(" | ", cells)).append(" |\n");
            }
            sb.append('\n');
            if (group != null) {
                link(sb, report, charts, dir, spec -> spec.group() != null && spec.groupValue().equals(group.toString()));
            }
        }
        link(sb, report, charts, dir, spec -> spec.group() == null || report.groupBy() == null);
        return sb.toString();
    }

    /** Links the PNG of every written chart whose spec passes {@code which}. */
    private static void link(StringBuilder sb, Report report, List<Path> charts, Path dir,
                             java.util.function.Predicate<ChartSpec> which) {
        for (var spec : report.charts()) {
            var png = dir.resolve(spec.file() + ".png");
            if (which.test(spec) && charts.contains(png)) {
                sb.append("![").append(spec.title()).append("](").append(dir.relativize(png)).append(")\n\n");
            }
        }
    }

    /** The summary as an aligned plain-text table per group, for the terminal. */
    public static String text(Report report) {
        var sb = new StringBuilder();
        for (var group : report.groups()) {
            if (group != null) {
                sb.append(report.groupBy()).append(": ").append(group).append('\n');
            }
            var columns = shown(report, group);
            var headers = columns.stream().map(DisplayColumn::header).toList();
            var lines = new ArrayList<List<String>>();
            lines.add(headers);
            for (var row : report.rowsOf(group)) {
                lines.add(columns.stream().map(c -> c.format().apply(row)).toList());
            }
            int[] width = new int[headers.size()];
            for (var line : lines) {
                for (int i = 0; i < line.size(); i++) {
                    width[i] = Math.max(width[i], line.get(i).length());
                }
            }
            for (int l = 0; l < lines.size(); l++) {
                var line = lines.get(l);
                var cells = new StringBuilder();
                for (int i = 0; i < line.size(); i++) {
                    var cell = line.get(i);
                    boolean last = i == line.size() - 1;
                    boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-');
                    var padded = last ? cell : numeric && l > 0 ? pad(cell, width[i], true) : pad(cell, width[i], false);
                    cells.append(padded).append(last ? "" : "  ");
                }
                sb.append(cells.toString().stripTrailing()).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The display columns of one group's table: all but the optional ones that no row of it fills. */
    private static List<DisplayColumn> shown(Report report, Object group) {
        var rows = report.rowsOf(group);
        return report.display().stream()
                .filter(c -> !c.optional() || rows.stream().anyMatch(row -> !c.format().apply(row).isEmpty()))
                .toList();
    }

    private static String pad(String s, int width, boolean right) {
        var fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
