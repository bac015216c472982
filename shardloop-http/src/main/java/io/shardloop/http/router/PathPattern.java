package io.shardloop.http.router;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A route path such as {@code /users/{id}/posts/{postId}}: literal segments and whole-segment parameters.
 * Immutable; any thread.
 */
record PathPattern(String source, String[] segments, boolean[] isParam, String[] names) {

    static PathPattern parse(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        String[] segs = path.substring(1).split("/", -1);
        boolean[] param = new boolean[segs.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.startsWith("{") && s.endsWith("}") && s.length() > 2) {
                String name = s.substring(1, s.length() - 1);
                if (names.contains(name)) {
                    throw new IllegalArgumentException("path parameter {" + name + "} appears twice in " + path);
                }
                param[i] = true;
                segs[i] = name;
                names.add(name);
            } else if (s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("a path parameter must be a whole segment: " + path);
            } else if (s.chars().anyMatch(c -> c <= 32 || c >= 127 || c == '?' || c == '#')) {
                throw new IllegalArgumentException("invalid character in route path " + path);
            }
        }
        return new PathPattern(path, segs, param, names.toArray(String[]::new));
    }

    /** The parameter values (percent-decoded) when {@code path} matches, else null. */
    String[] match(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        String[] values = new String[names.length];
        int p = 1;
        int v = 0;
        for (int i = 0; i < segments.length; i++) {
            int slash = path.indexOf('/', p);
            boolean last = i == segments.length - 1;
            if (last != (slash < 0)) {
                return null;
            }
            int e = last ? path.length() : slash;
            if (isParam[i]) {
                if (e == p) {
                    return null;
                }
                values[v++] = decode(path.substring(p, e));
            } else if (!path.regionMatches(p, segments[i], 0, segments[i].length()) || e - p != segments[i].length()) {
                return null;
            }
            p = e + 1;
        }
        return values;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
