package io.shardloop.http.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.codec.CodecException;
import io.shardloop.http.Endpoint;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Request;
import io.shardloop.http.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = Router.builder()
            .get("/", r -> Response.text("root"))
            .get("/plaintext", r -> Response.text("p"))
            .post("/plaintext", r -> Response.text("posted"))
            .get("/users/{id}", r -> Response.text("user " + r.pathParam("id")))
            .put("/users/{id}", r -> Response.text("put " + r.pathParam("id")))
            .get("/users/{id}/posts/{post}", r -> Response.text(r.pathParam("id") + "/" + r.pathParam("post")))
            .get("/users/me", r -> Response.text("me"))
            .route("PURGE", "/cache", r -> Response.text("purged"))
            .build();

    static Request request(String method, String target) {
        var codec = new HttpCodec(HttpLimits.defaults());
        var out = new ArrayList<Request>();
        try {
            codec.decode(ByteBuffer.wrap((method + " " + target + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                    m -> out.add(m.detach()));
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
        return out.getFirst();
    }

    private Response answer(String method, String target) throws Exception {
        var req = request(method, target);
        return switch (router.select(req)) {
            case Endpoint.Sync s -> s.handler().handle(req);
            case Endpoint.Async a -> a.handler().handle(req).join();
        };
    }

    @Test
    void staticRoutesMatchByMethodAndPath() throws Exception {
        assertThat(answer("GET", "/plaintext").bodyText()).isEqualTo("p");
        assertThat(answer("POST", "/plaintext").bodyText()).isEqualTo("posted");
        assertThat(answer("GET", "/plaintext?x=1").bodyText()).isEqualTo("p");
        assertThat(answer("GET", "/").bodyText()).isEqualTo("root");
        assertThat(answer("GET", "http://host").bodyText()).isEqualTo("root");
        assertThat(answer("PURGE", "/cache").bodyText()).isEqualTo("purged");
    }

    @Test
    void staticRoutesWinOverPatterns() throws Exception {
        assertThat(answer("GET", "/users/me").bodyText()).isEqualTo("me");
        assertThat(answer("GET", "/users/42").bodyText()).isEqualTo("user 42");
    }

    @Test
    void pathParametersAreBoundAndDecoded() throws Exception {
        assertThat(answer("GET", "/users/7/posts/9").bodyText()).isEqualTo("7/9");
        assertThat(answer("GET", "/users/a%20b").bodyText()).isEqualTo("user a b");
        assertThat(answer("GET", "/users/a+b").bodyText()).isEqualTo("user a+b");
        assertThat(answer("PUT", "/users/5").bodyText()).isEqualTo("put 5");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertThat(answer("GET", "/nope").status()).isEqualTo(404);
        assertThat(answer("GET", "/users").status()).isEqualTo(404);
        assertThat(answer("GET", "/users/").status()).isEqualTo(404);
        assertThat(answer("GET", "/users/1/posts").status()).isEqualTo(404);
        assertThat(answer("GET", "/plaintext/").status()).isEqualTo(404);
    }

    @Test
    void knownPathWithOtherMethodIs405WithAllow() throws Exception {
        var r = answer("DELETE", "/plaintext");
        assertThat(r.status()).isEqualTo(405);
        var out = new java.io.ByteArrayOutputStream();
        var codec = new HttpCodec(HttpLimits.defaults());
        try {
            codec.decode(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), m -> { });
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
        codec.encode(r, io.shardloop.http.TestSinks.of(out));
        assertThat(out.toString(StandardCharsets.US_ASCII)).contains("Allow: GET, HEAD, POST\r\n");
        assertThat(answer("DELETE", "/users/3").status()).isEqualTo(405);
        assertThat(answer("PURGE", "/plaintext").status()).isEqualTo(405);
    }

    @Test
    void headFallsBackToGet() throws Exception {
        assertThat(answer("HEAD", "/plaintext").bodyText()).isEqualTo("p");
        assertThat(answer("HEAD", "/users/1").bodyText()).isEqualTo("user 1");
    }

    @Test
    void unknownMethodIs501() throws Exception {
        assertThat(answer("BREW", "/plaintext").status()).isEqualTo(501);
        assertThat(answer("get", "/plaintext").status()).isEqualTo(501);
    }

    @Test
    void badRoutesAreRefusedWhenBuilt() {
        var b = Router.builder().get("/a", r -> null);
        assertThatThrownBy(() -> b.get("/a", r -> null)).hasMessageContaining("already defined");
        assertThatThrownBy(() -> b.get("a", r -> null)).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> b.get("/x{y}", r -> null)).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> b.get("/{a}/{a}", r -> null)).hasMessageContaining("twice");
        assertThatThrownBy(() -> b.route("BAD METHOD", "/z", r -> null)).hasMessageContaining("invalid method");
        assertThat(router.describe()).contains("GET /plaintext", "GET /users/{id}");
    }
}
