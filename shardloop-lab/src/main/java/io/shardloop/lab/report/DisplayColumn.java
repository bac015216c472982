package io.shardloop.lab.report;

import java.util.Map;
import java.util.function.Function;

/**
 * A column of the human-readable tables (summary.md and the printed one): a header and how to show a row. An
 * optional column is left out of a table in which it would be empty (the TLS figures of a plaintext workload).
 */
public record DisplayColumn(String header, Function<Map<String, Object>, String> format, boolean optional) {

    public DisplayColumn(String header, Function<Map<String, Object>, String> format) {
        this(header, format, false);
    }

    /** A column shown only in the tables where some row has a value for it. */
    public static DisplayColumn optional(String header, Function<Map<String, Object>, String> format) {
        return new DisplayColumn(header, format, true);
    }

    /** A column showing one field with {@link Fmt#value}. */
    public static DisplayColumn of(String header, String key) {
        return new DisplayColumn(header, row -> Fmt.value(row.get(key)));
    }
}
