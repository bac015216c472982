package io.shardloop.lab.report;

/**
 * One chart: {@code y} against {@code x}, one line per distinct {@code series} value, over the rows whose
 * {@code group} column equals {@code groupValue} (all rows if {@code group} is null).
 *
 * @param file  file name without extension; the writer makes {@code file.png} and {@code file.svg}
 * @param logY  a logarithmic y axis (latencies that span decades)
 */
public record ChartSpec(String file, String title, String group, String groupValue, String x, String y,
                        String series, String xTitle, String yTitle, boolean logY) {
}
