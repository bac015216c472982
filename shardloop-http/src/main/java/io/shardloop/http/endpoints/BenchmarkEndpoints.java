package io.shardloop.http.endpoints;

import io.shardloop.http.Request;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import java.nio.charset.StandardCharsets;

/**
 * TechEmpower's endpoints: {@code GET /plaintext} ({@code Hello, World!}, text/plain, one pre-encoded response
 * reused for every request), {@code GET /json} ({@code {"message":"Hello, World!"}}, serialized per request as
 * the benchmark requires) and {@code POST /echo} (the body back). Stateless; any thread.
 */
public final class BenchmarkEndpoints {

    public static final String HELLO = "Hello, World!";
    private static final Response PLAINTEXT = Response.text(HELLO);

    private BenchmarkEndpoints() {
    }

    /** Adds the three endpoints to {@code routes}. */
    public static Router.Builder install(Router.Builder routes) {
        return routes.get("/plaintext", r -> PLAINTEXT)
                .get("/json", r -> json())
                .post("/echo", BenchmarkEndpoints::echo);
    }

    /** A router with only the benchmark endpoints. */
    public static Router router() {
        return install(Router.builder()).build();
    }

    static Response json() {
        return Response.bytes(200, "application/json", jsonObject("message", HELLO));
    }

    static Response echo(Request r) {
        String type = r.header("Content-Type");
        return Response.bytes(200, type != null ? type : "application/octet-stream", r.body());
    }

    /** {@code {"key":"value"}} with JSON string escaping, as UTF-8. */
    static byte[] jsonObject(String key, String value) {
        var sb = new StringBuilder(key.length() + value.length() + 8).append('{');
        quote(sb, key);
        sb.append(':');
        quote(sb, value);
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
