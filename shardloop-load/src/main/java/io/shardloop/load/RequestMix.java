package io.shardloop.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A weighted mix of HTTP requests that one run sends instead of a single request. Text form, one request a line
 * ({@code #} starts a comment):
 * <pre>
 *   [Nx] METHOD /path[?query] [@BODY-FILE] [Name:value ...]
 *   3x GET /orders/42
 *   1x POST /orders @order.json Content-Type:application/json
 * </pre>
 * A body file is read relative to the requests file's folder. Header values cannot hold spaces. Immutable.
 */
public record RequestMix(List<Entry> entries) {

    /** The flag a mix comes from in error messages. */
    public static final String FLAG = "--requests";

    /** One kind of request and how often it is sent relative to the others. */
    public record Entry(int weight, String method, String path, List<String> headers, byte[] body) {
        public Entry {
            headers = List.copyOf(headers);
        }

        /** The line this entry is read from (bodies by size, not content). */
        public String describe() {
            return weight + "x " + method + " " + path + (body == null ? "" : " (" + body.length + " B body)");
        }
    }

    public RequestMix {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new LoadSpecException(FLAG, "accepts at least one request line like 'GET /orders/42', got none");
        }
    }

    /** Reads a requests file. */
    public static RequestMix read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadSpecException(FLAG, "accepts a readable requests file, got '" + file + "' (" + e + ")");
        }
        var dir = file.toAbsolutePath().getParent();
        return parse(lines, name -> readBody(dir.resolve(name)));
    }

    /** Parses request lines; {@code bodies} reads an {@code @FILE} (null: bodies from files are refused). */
    public static RequestMix parse(List<String> lines, java.util.function.Function<String, byte[]> bodies) {
        var out = new ArrayList<Entry>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(parseLine(line, bodies));
        }
        return new RequestMix(out);
    }

    static Entry parseLine(String line, java.util.function.Function<String, byte[]> bodies) {
        var tokens = new ArrayList<>(List.of(line.split("\\s+")));
        int weight = 1;
        if (tokens.getFirst().matches("\\d+x")) {
            weight = Integer.parseInt(tokens.removeFirst().replace("x", ""));
            if (weight < 1 || weight > 1000) {
                throw bad(line, "a weight from 1x to 1000x");
            }
        }
        if (tokens.size() < 2) {
            throw bad(line, "'[Nx] METHOD /path [@BODY-FILE] [Name:value ...]'");
        }
        String method = tokens.removeFirst().toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]{1,20}")) {
            throw bad(line, "an HTTP method such as GET or POST");
        }
        if (method.equals("HEAD")) {
            throw bad(line, "methods whose answers have a body (HEAD is not supported in a mix)");
        }
        String path = tokens.removeFirst();
        if (!path.startsWith("/") || path.chars().anyMatch(ch -> ch <= ' ' || ch >= 0x7f)) {
            throw bad(line, "a path starting with / (printable ASCII, percent-encoded)");
        }
        byte[] body = null;
        if (!tokens.isEmpty() && tokens.getFirst().startsWith("@")) {
            String name = tokens.removeFirst().substring(1);
            if (bodies == null) {
                throw bad(line, "no body files here (@" + name + ")");
            }
            body = bodies.apply(name);
        }
        for (String h : tokens) {
            int colon = h.indexOf(':');
            if (colon < 1 || colon == h.length() - 1 || !h.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw bad(line, "headers as Name:value after the path (no spaces), got '" + h + "'");
            }
        }
        return new Entry(weight, method, path, tokens, body);
    }

    private static byte[] readBody(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LoadSpecException(FLAG, "accepts @FILE bodies that can be read, got '" + file + "' (" + e + ")");
        }
    }

    private static LoadSpecException bad(String line, String accepts) {
        return new LoadSpecException(FLAG, "accepts " + accepts + ", got '" + line + "'");
    }

    /**
     * The order the entries go out in: smooth weighted round-robin (nginx's upstream choice), so a 3:1 mix sends
     * A A B A rather than A A A B, and any window of the run sees about the asked ratio.
     */
    public int[] sequence() {
        int total = entries.stream().mapToInt(Entry::weight).sum();
        var current = new int[entries.size()];
        var seq = new int[total];
        for (int s = 0; s < total; s++) {
            int best = 0;
            for (int i = 0; i < entries.size(); i++) {
                current[i] += entries.get(i).weight();
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            seq[s] = best;
        }
        return seq;
    }
}
