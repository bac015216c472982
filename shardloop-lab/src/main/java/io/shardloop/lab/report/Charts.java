package io.shardloop.lab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Line charts of a report's rows with XChart, as PNG and SVG. Headless; one thread at a time. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Draws {@code spec} and writes {@code <file>.png} and {@code <file>.svg}; nothing if there is nothing to draw.
     * Where the rows carry a range of {@code y} ({@code y_lo} and {@code y_hi}, the windows' min and max) each point
     * gets an error bar; XChart draws them symmetric, so a bar spans the larger side of the range both ways.
     */
    public static List<Path> write(Path dir, Report report, ChartSpec spec) throws IOException {
        var series = new LinkedHashMap<String, List<double[]>>();
        boolean bars = false;
        for (var row : report.rows()) {
            if (spec.group() != null && !Objects.equals(String.valueOf(row.get(spec.group())), spec.groupValue())) {
                continue;
            }
            var x = number(row.get(spec.x()));
            var y = number(row.get(spec.y())) * spec.yScale();
            if (Double.isNaN(x) || Double.isNaN(y) || (spec.logY() && y <= 0)) {
                continue;
            }
            var name = spec.series() == null ? spec.y() : String.valueOf(row.get(spec.series()));
            double lo = number(row.get(spec.y() + "_lo")) * spec.yScale();
            double hi = number(row.get(spec.y() + "_hi")) * spec.yScale();
            double bar = Double.isNaN(lo) || Double.isNaN(hi) ? 0 : Math.max(y - lo, hi - y);
            bars |= bar > 0;
            series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y, bar});
        }
        if (series.isEmpty()) {
            return List.of();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        var style = chart.getStyler();
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setYAxisLogarithmic(spec.logY());
        style.setChartBackgroundColor(java.awt.Color.WHITE);
        style.setXAxisDecimalPattern("#");
        if (!spec.logY()) {
            style.setYAxisMin(0.0);
        }
        boolean withBars = bars && !spec.logY(); // a bar below zero has no place on a log axis
        style.setErrorBarsColorSeriesColor(true);
        series.forEach((name, points) -> {
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            var xs = points.stream().mapToDouble(p -> p[0]).toArray();
            var ys = points.stream().mapToDouble(p -> p[1]).toArray();
            if (withBars) {
                chart.addSeries(name, xs, ys, points.stream().mapToDouble(p -> p[2]).toArray());
            } else {
                chart.addSeries(name, xs, ys);
            }
        });
        var base = dir.resolve(spec.file());
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(dir.resolve(spec.file() + ".png"), dir.resolve(spec.file() + ".svg"));
    }

    /** A file-name-safe form of a label. */
    public static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
