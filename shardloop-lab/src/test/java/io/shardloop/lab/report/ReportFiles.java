package io.shardloop.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Checks on the files a report directory holds, shared by the writer's test and the end-to-end lab test. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** results.csv exists, has {@code header} and {@code rows} rows; returns its lines. */
    public static List<String> csv(Path dir, List<String> header, int rows) throws IOException {
        var lines = Files.readAllLines(dir.resolve(ReportWriter.CSV), StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).isEqualTo(String.join(",", header));
        assertThat(lines).hasSize(rows + 1);
        return lines;
    }

    /** results.json parses and has {@code rows} rows with every column. */
    public static JsonNode json(Path dir, List<String> header, int rows) throws IOException {
        var root = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
        assertThat(root.get("rows")).hasSize(rows);
        for (var row : root.get("rows")) {
            for (var c : header) {
                assertThat(row.has(c)).as("row has " + c).isTrue();
            }
        }
        return root;
    }

    /** summary.md has a Markdown table with these headers; returns its text. */
    public static String summary(Path dir, List<String> headers) throws IOException {
        var md = Files.readString(dir.resolve(ReportWriter.SUMMARY), StandardCharsets.UTF_8);
        assertThat(md).contains("| " + String.join(" | ", headers) + " |");
        return md;
    }

    /** {@code name}.png decodes as an image and {@code name}.svg is an SVG document. */
    public static void chart(Path dir, String name) throws IOException {
        var png = dir.resolve(name + ".png");
        var image = ImageIO.read(png.toFile());
        assertThat(image).as(png + " decodes").isNotNull();
        assertThat(image.getWidth()).isPositive();
        var svg = Files.readString(dir.resolve(name + ".svg"), StandardCharsets.UTF_8);
        assertThat(svg).contains("<svg").contains("</svg>");
    }
}
