package io.shardloop.lab.report;

import java.util.Locale;

/** Number formatting for the human-readable tables: few digits, thousands separators, blanks for unknowns. */
public final class Fmt {

    private Fmt() {
    }

    /** A field as text: integers with separators, decimals with 3 significant-ish digits, NaN and null blank. */
    public static String value(Object v) {
        return switch (v) {
            case null -> "";
            case Double d when d.isNaN() || d.isInfinite() -> "";
            case Double d -> number(d);
            case Float f -> value(f.doubleValue());
            case Long l -> String.format(Locale.ROOT, "%,d", l);
            case Integer i -> String.format(Locale.ROOT, "%,d", i);
            default -> v.toString();
        };
    }

    /** 123,456 / 1,234 / 12.3 / 1.23 / 0.123 */
    public static String number(double d) {
        double a = Math.abs(d);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", d);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", d);
        if (a >= 1 || a == 0) return String.format(Locale.ROOT, "%.2f", d);
        return String.format(Locale.ROOT, "%.3f", d);
    }

    /** A 0..1 share as a whole percentage, blank if unknown. */
    public static String percent(Object share) {
        if (share instanceof Number n && !Double.isNaN(n.doubleValue())) {
            return String.format(Locale.ROOT, "%.0f%%", 100 * n.doubleValue());
        }
        return "";
    }

    /** Two figures as {@code a/b}, blank if either is unknown. */
    public static String pair(Object a, Object b) {
        var x = value(a);
        var y = value(b);
        return x.isEmpty() || y.isEmpty() ? "" : x + "/" + y;
    }

    /** A number for CSV: plain digits, no separators; empty for NaN and null. */
    public static String csv(Object v) {
        return switch (v) {
            case null -> "";
            case Double d when d.isNaN() || d.isInfinite() -> "";
            case Double d -> d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : String.format(Locale.ROOT, "%.4f", d);
            case Number n -> n.toString();
            default -> quote(v.toString());
        };
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
