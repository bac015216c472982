package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requests file: weights, bodies from files, headers, the order of the mix, and the refusals. */
class RequestMixTest {

    @TempDir
    Path dir;

    @Test
    void readsWeightsBodiesAndHeadersRelativeToTheFile() throws Exception {
        Files.writeString(dir.resolve("order.json"), "{\"sku\":1}");
        var file = Files.writeString(dir.resolve("mix.txt"), """
                # a comment, then a blank line

                3x GET /orders/42
                post /orders @order.json Content-Type:application/json X-Trace:1
                """);
        var mix = RequestMix.read(file);
        assertThat(mix.entries()).hasSize(2);
        var get = mix.entries().get(0);
        assertThat(get.weight()).isEqualTo(3);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo("/orders/42");
        var post = mix.entries().get(1);
        assertThat(post.weight()).isEqualTo(1);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("{\"sku\":1}");
        assertThat(post.headers()).containsExactly("Content-Type:application/json", "X-Trace:1");
    }

    @Test
    void aThreeToOneMixInterleaves() {
        var mix = RequestMix.parse(List.of("3x GET /a", "GET /b"), null);
        assertThat(mix.sequence()).containsExactly(0, 0, 1, 0);
        var even = RequestMix.parse(List.of("2x GET /a", "2x GET /b", "2x GET /c"), null);
        assertThat(even.sequence()).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void encodesEachRequestOnceWithHostLengthAndForShortConnectionsClose() {
        var mix = RequestMix.parse(List.of("GET /a", "POST /b"), null);
        var spec = LoadSpec.builder("http://127.0.0.1:8080/").shortConnections(true).build();
        var text = new String(EncodedMix.encode(mix, spec).block(), StandardCharsets.ISO_8859_1);
        assertThat(text).isEqualTo("GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void refusalsNameTheFlagAndTheLine() {
        assertThatThrownBy(() -> RequestMix.parse(List.of("# nothing"), null))
                .isInstanceOf(LoadSpecException.class).hasMessageStartingWith("--requests accepts at least one request line");
        assertThatThrownBy(() -> RequestMix.parse(List.of("GET"), null)).hasMessageContaining("got 'GET'");
        assertThatThrownBy(() -> RequestMix.parse(List.of("0x GET /a"), null)).hasMessageContaining("a weight from 1x to 1000x");
        assertThatThrownBy(() -> RequestMix.parse(List.of("GET orders"), null)).hasMessageContaining("a path starting with /");
        assertThatThrownBy(() -> RequestMix.parse(List.of("HEAD /a"), null)).hasMessageContaining("HEAD is not supported");
        assertThatThrownBy(() -> RequestMix.parse(List.of("POST /a @body.json"), null)).hasMessageContaining("no body files here");
        assertThatThrownBy(() -> RequestMix.parse(List.of("GET /a Bad Header"), null)).hasMessageContaining("headers as Name:value");
        assertThatThrownBy(() -> RequestMix.read(dir.resolve("none.txt"))).hasMessageContaining("readable requests file");
    }
}
