package io.shardloop.lab.report;

import java.util.Map;
import java.util.function.Function;

/** A column of the human-readable tables (summary.md and the printed one): a header and how to show a row. */
public record DisplayColumn(String header, Function<Map<String, Object>, String> format) {

    /** A column showing one field with {@link Fmt#value}. */
    public static DisplayColumn of(String header, String key) {
        return new DisplayColumn(header, row -> Fmt.value(row.get(key)));
    }
}
