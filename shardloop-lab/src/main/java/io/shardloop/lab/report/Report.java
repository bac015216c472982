package io.shardloop.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one lab command writes: rows of named fields (results.csv and results.json), the human-readable
 * columns (summary.md and the printed table, one table per value of {@code groupBy}), charts, notes, and any
 * detail objects worth keeping in results.json. Built on one thread, then written.
 *
 * @param title     e.g. {@code Shardloop lab: model x threads}
 * @param command   the command line that produced it
 * @param groupBy   the field that splits the tables (e.g. {@code workload}), or null for one table
 * @param columns   the CSV columns, in order (every row has these keys; missing or NaN values are left empty)
 * @param display   the summary table's columns
 */
public record Report(
        String title,
        String command,
        Map<String, Object> environment,
        List<String> notes,
        String groupBy,
        List<String> columns,
        List<DisplayColumn> display,
        List<Map<String, Object>> rows,
        List<ChartSpec> charts,
        Map<String, Object> details) {

    /** An empty report to add rows, notes and details to. */
    public static Report create(String title, String command, String groupBy, List<String> columns,
                                List<DisplayColumn> display) {
        return new Report(title, command, new LinkedHashMap<>(), new ArrayList<>(), groupBy, List.copyOf(columns),
                List.copyOf(display), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    /** Adds a row; its keys must be among the columns. */
    public void add(Map<String, Object> row) {
        for (var key : row.keySet()) {
            if (!columns.contains(key)) {
                throw new IllegalArgumentException("row has field '" + key + "' that is not a column of " + columns);
            }
        }
        rows.add(row);
    }

    /** The distinct values of the group field, in first-seen order (one null group when not grouped). */
    public List<Object> groups() {
        var out = new ArrayList<Object>();
        for (var row : rows) {
            var g = groupBy == null ? null : row.get(groupBy);
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            out.add(null);
        }
        return out;
    }

    /** The rows of one group. */
    public List<Map<String, Object>> rowsOf(Object group) {
        if (groupBy == null) {
            return rows;
        }
        return rows.stream().filter(r -> java.util.Objects.equals(r.get(groupBy), group)).toList();
    }
}
