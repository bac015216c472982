package io.shardloop.http.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict checker of the Prometheus text exposition format 0.0.4: the line grammar (HELP, TYPE, samples with
 * escaped label values and float values), every sample inside a declared family of a matching name, no family
 * declared twice, no sample (name + labels) repeated. Returns the problems found, empty when the text is valid.
 */
final class PrometheusTextGrammar {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static final String LABEL_VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String LABEL = LABEL_NAME + "=" + LABEL_VALUE;
    private static final String FLOAT = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|[+-]Inf)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?\\})? (" + FLOAT + ")(?: -?\\d+)?");

    private PrometheusTextGrammar() {
    }

    static List<String> problems(String text) {
        var problems = new ArrayList<String>();
        if (!text.endsWith("\n")) {
            problems.add("text does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> samples = new HashSet<>();
        String family = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            var line = lines[i];
            int n = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                if (!HELP.matcher(line).matches()) {
                    problems.add(n + ": bad HELP: " + line);
                }
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                var m = TYPE.matcher(line);
                if (!m.matches()) {
                    problems.add(n + ": bad TYPE: " + line);
                    continue;
                }
                family = m.group(1);
                if (types.put(family, m.group(2)) != null) {
                    problems.add(n + ": family declared twice: " + family);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment
            }
            var m = SAMPLE.matcher(line);
            if (!m.matches()) {
                problems.add(n + ": bad sample line: " + line);
                continue;
            }
            var name = m.group(1);
            if (family == null || !belongs(name, family, types.get(family))) {
                problems.add(n + ": sample " + name + " outside its family (last TYPE: " + family + ")");
            }
            if (!samples.add(name + (m.group(2) == null ? "" : m.group(2)))) {
                problems.add(n + ": repeated sample: " + line);
            }
        }
        return problems;
    }

    private static boolean belongs(String sample, String family, String type) {
        return switch (type) {
            case "counter" -> sample.equals(family) || sample.equals(family + "_total") || sample.equals(family + "_created");
            case "histogram" -> sample.equals(family + "_bucket") || sample.equals(family + "_sum")
                    || sample.equals(family + "_count") || sample.equals(family + "_created");
            case "summary" -> sample.equals(family) || sample.equals(family + "_sum") || sample.equals(family + "_count")
                    || sample.equals(family + "_created");
            default -> sample.equals(family);
        };
    }
}
