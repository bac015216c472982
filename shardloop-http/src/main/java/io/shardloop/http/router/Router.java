package io.shardloop.http.router;

import io.shardloop.http.Endpoint;
import io.shardloop.http.Endpoints;
import io.shardloop.http.Request;
import io.shardloop.http.RequestHandler;
import io.shardloop.http.AsyncRequestHandler;
import io.shardloop.http.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes by method and path: static paths ({@code /plaintext}) are matched on the raw bytes without making a
 * String; patterns ({@code /users/{id}}) bind path parameters (percent-decoded). HEAD falls back to GET.
 * No route for the path: 404; the path exists for other methods: 405 with {@code Allow}; a method no route
 * knows and HTTP does not define: 501. Static routes win over patterns; patterns match in the order added.
 * Thread contract: immutable once built; any thread.
 */
public final class Router implements Endpoints {

    private static final Set<String> STANDARD = Set.of(Request.GET, Request.HEAD, Request.POST, Request.PUT,
            Request.DELETE, Request.PATCH, Request.OPTIONS, Request.TRACE, Request.CONNECT);
    private static final Endpoint NOT_FOUND = Endpoint.of(r -> Response.text(404, "404 Not Found\n"));
    private static final Endpoint NOT_IMPLEMENTED = Endpoint.of(r -> Response.text(501, "501 Not Implemented\n"));

    private final StaticRoute[] statics;
    private final PatternRoute[] patterns;
    private final Set<String> methods;

    private Router(Builder b) {
        this.statics = b.statics.entrySet().stream()
                .map(e -> new StaticRoute(e.getKey().getBytes(StandardCharsets.US_ASCII), MethodTable.of(e.getValue())))
                .toArray(StaticRoute[]::new);
        this.patterns = b.patterns.entrySet().stream()
                .map(e -> new PatternRoute(PathPattern.parse(e.getKey()), MethodTable.of(e.getValue())))
                .toArray(PatternRoute[]::new);
        var all = new java.util.HashSet<>(STANDARD);
        b.statics.values().forEach(m -> all.addAll(m.keySet()));
        b.patterns.values().forEach(m -> all.addAll(m.keySet()));
        this.methods = Set.copyOf(all);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Endpoint select(Request request) {
        // the 501 check (an unknown method) is made only once the answer is not a route, off the hot path
        String method = request.method();
        for (StaticRoute s : statics) {
            if (request.pathEquals(s.path)) {
                Endpoint e = s.table.select(method);
                return s.table.isMethodNotAllowed(e) && !methods.contains(method) ? NOT_IMPLEMENTED : e;
            }
        }
        if (patterns.length > 0) {
            String path = request.path();
            for (PatternRoute p : patterns) {
                String[] values = p.pattern.match(path);
                if (values != null) {
                    Endpoint e = p.table.select(method);
                    if (p.table.isMethodNotAllowed(e)) {
                        return methods.contains(method) ? e : NOT_IMPLEMENTED;
                    }
                    request.bindPathParams(p.pattern.names(), values);
                    return e;
                }
            }
        }
        return methods.contains(method) ? NOT_FOUND : NOT_IMPLEMENTED;
    }

    private record StaticRoute(byte[] path, MethodTable table) {
    }

    private record PatternRoute(PathPattern pattern, MethodTable table) {
    }

    /** The endpoints of one path by method, with HEAD falling back to GET and a ready 405. */
    private record MethodTable(String[] methods, Endpoint[] endpoints, Endpoint notAllowed) {

        static MethodTable of(Map<String, Endpoint> byMethod) {
            Set<String> allow = new TreeSet<>(byMethod.keySet());
            if (allow.contains(Request.GET)) {
                allow.add(Request.HEAD);
            }
            var response = Response.status(405).contentType("text/plain").header("Allow", String.join(", ", allow))
                    .body("405 Method Not Allowed\n").build();
            return new MethodTable(byMethod.keySet().toArray(String[]::new), byMethod.values().toArray(Endpoint[]::new),
                    Endpoint.of(r -> response));
        }

        Endpoint select(String method) {
            Endpoint get = null;
            for (int i = 0; i < methods.length; i++) {
                if (methods[i].equals(method)) {
                    return endpoints[i];
                }
                if (methods[i] == Request.GET) {
                    get = endpoints[i];
                }
            }
            return get != null && method.equals(Request.HEAD) ? get : notAllowed;
        }

        boolean isMethodNotAllowed(Endpoint e) {
            return e == notAllowed;
        }
    }

    /** Collects routes. Thread contract: one thread. */
    public static final class Builder {
        private final Map<String, Map<String, Endpoint>> statics = new LinkedHashMap<>();
        private final Map<String, Map<String, Endpoint>> patterns = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder get(String path, RequestHandler handler) {
            return route(Request.GET, path, Endpoint.of(handler));
        }

        public Builder post(String path, RequestHandler handler) {
            return route(Request.POST, path, Endpoint.of(handler));
        }

        public Builder put(String path, RequestHandler handler) {
            return route(Request.PUT, path, Endpoint.of(handler));
        }

        public Builder delete(String path, RequestHandler handler) {
            return route(Request.DELETE, path, Endpoint.of(handler));
        }

        public Builder route(String method, String path, RequestHandler handler) {
            return route(method, path, Endpoint.of(handler));
        }

        public Builder getAsync(String path, AsyncRequestHandler handler) {
            return route(Request.GET, path, Endpoint.async(handler));
        }

        public Builder postAsync(String path, AsyncRequestHandler handler) {
            return route(Request.POST, path, Endpoint.async(handler));
        }

        public Builder routeAsync(String method, String path, AsyncRequestHandler handler) {
            return route(method, path, Endpoint.async(handler));
        }

        /** Adds a route; the method is case-sensitive (as in HTTP), the path a static path or a pattern. */
        public Builder route(String method, String path, Endpoint endpoint) {
            if (method == null || method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("invalid method '" + method + "'");
            }
            String m = STANDARD.stream().filter(method::equals).findFirst().orElse(method);
            var pattern = PathPattern.parse(path);
            var table = (pattern.names().length == 0 ? statics : patterns).computeIfAbsent(path, p -> new LinkedHashMap<>());
            if (table.putIfAbsent(m, java.util.Objects.requireNonNull(endpoint, "endpoint")) != null) {
                throw new IllegalArgumentException("route " + m + " " + path + " is already defined");
            }
            return this;
        }

        public Router build() {
            return new Router(this);
        }
    }

    /** Routes' patterns, for tests and diagnostics: "METHOD path" in the order added. */
    public List<String> describe() {
        var out = new ArrayList<String>();
        for (StaticRoute s : statics) {
            for (String m : s.table.methods) {
                out.add(m + " " + new String(s.path, StandardCharsets.US_ASCII));
            }
        }
        for (PatternRoute p : patterns) {
            for (String m : p.table.methods) {
                out.add(m + " " + p.pattern.source());
            }
        }
        return out;
    }
}
