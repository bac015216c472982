package io.shardloop.lab.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The verdicts on figures from real runs: each resource under {@code recorded/} is cut from a lab or advise
 * report of this project's machine by {@code shardloop-bench/record-verdicts.py} and names the command, the date and
 * the build that produced it. Every window must still get the verdict it got when it was recorded, so a change of
 * a rule's threshold that moves a real run shows here, with the run's figures, not only in synthetic cases.
 */
class RecordedVerdictsTest {

    /**
     * The verdicts the recordings cover. Not yet reached by a recorded run on this machine, so covered by
     * {@link DiagnosisTest}'s synthetic cases only: {@code dispatcher-bound} and {@code imbalanced loops} (they need
     * more server cores than one), {@code failing}, {@code path-bound} and {@code beats its calibration} (a
     * {@code lab ceiling} run first).
     */
    static final List<String> RECORDED = List.of("saturated", "client-bound", "latency-bound", "contended",
            "thread churn", "starved loops", "unexplained");

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static List<JsonNode> recordings() throws IOException, URISyntaxException {
        var dir = Path.of(RecordedVerdictsTest.class.getResource("/recorded").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            var out = new ArrayList<JsonNode>();
            for (var f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
            return out;
        }
    }

    @Test
    void everyRecordedWindowStillGetsItsVerdict() throws Exception {
        var recordings = recordings();
        assertThat(recordings).isNotEmpty();
        int windows = 0;
        for (var rec : recordings) {
            assertThat(rec.get("command").asText()).as("a recording names its command").startsWith("shardloop ");
            assertThat(rec.get("build").asText()).as("and its build").isNotBlank();
            for (var w : rec.get("windows")) {
                var figures = JSON.treeToValue(w.get("figures"), RunFigures.class);
                var d = Diagnosis.of(figures);
                assertThat(d.label()).as("%s window %d of '%s' (%s)", w.get("setting").asText(), w.get("window").asInt(),
                        rec.get("command").asText(), rec.get("date").asText()).isEqualTo(w.get("label").asText());
                windows++;
            }
        }
        assertThat(windows).isPositive();
    }

    @Test
    void theRecordingsCoverTheVerdictsTheyClaim() throws Exception {
        var seen = new TreeSet<String>();
        for (var rec : recordings()) {
            rec.get("windows").forEach(w -> seen.add(w.get("label").asText()));
        }
        assertThat(seen).containsAll(RECORDED);
    }
}
