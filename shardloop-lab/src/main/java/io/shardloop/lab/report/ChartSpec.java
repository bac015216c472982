package io.shardloop.lab.report;

/**
 * One chart: {@code y} (times {@code yScale}) against {@code x}, one line per distinct {@code series} value, over the
 * rows whose {@code group} column equals {@code groupValue} (all rows if {@code group} is null).
 *
 * @param file    file name without extension; the writer makes {@code file.png} and {@code file.svg}
 * @param logY    a logarithmic y axis (values that span decades)
 * @param yScale  factor applied to y before drawing, e.g. 0.001 to draw a {@code _us} column in ms
 */
public record ChartSpec(String file, String title, String group, String groupValue, String x, String y,
                        String series, String xTitle, String yTitle, boolean logY, double yScale) {

    public ChartSpec(String file, String title, String group, String groupValue, String x, String y,
                     String series, String xTitle, String yTitle, boolean logY) {
        this(file, title, group, groupValue, x, y, series, xTitle, yTitle, logY, 1.0);
    }
}
