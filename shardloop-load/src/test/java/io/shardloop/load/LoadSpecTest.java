package io.shardloop.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.codec.Protocol;
import io.shardloop.codec.echo.EchoFraming;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadSpecTest {

    private static void rejects(LoadSpec.Builder b, String flag, String fragment) {
        assertThatThrownBy(b::build).isInstanceOf(LoadSpecException.class)
                .hasMessageStartingWith(flag + " ").hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rejectsBadValuesNamingTheFlag() {
        String url = "http://127.0.0.1:8080/";
        rejects(LoadSpec.builder("ftp://x/"), "URL", "accepts http://");
        rejects(LoadSpec.builder("ftp://x/"), "URL", "https://HOST");
        rejects(LoadSpec.builder("http://:80/"), "URL", "no host");
        rejects(LoadSpec.builder("tcp://127.0.0.1"), "URL", "needs a port");
        rejects(LoadSpec.builder("http://127.0.0.1:99999/"), "URL", "");
        rejects(LoadSpec.builder("tcp://127.0.0.1:9").protocol(Protocol.HTTP), "URL", "for --protocol http");
        rejects(LoadSpec.builder(url).connections(0), "--connections", ">= 1, got '0'");
        rejects(LoadSpec.builder(url).threads(0), "--threads", ">= 1");
        rejects(LoadSpec.builder(url).connections(2).threads(3), "--threads", "at most --connections (2)");
        rejects(LoadSpec.builder(url).rate(0), "--rate", "> 0, got '0'");
        rejects(LoadSpec.builder(url).rate(-5), "--rate", "> 0");
        rejects(LoadSpec.builder(url).pipeline(0), "--pipeline", "from 1 to 1024");
        rejects(LoadSpec.builder(url).duration(Duration.ZERO), "--duration", ">= 1ms");
        rejects(LoadSpec.builder(url).timeout(Duration.ZERO), "--timeout", ">= 1ms");
        rejects(LoadSpec.builder(url).shortConnections(true).pipeline(4), "--short", "--pipeline");
        rejects(LoadSpec.builder(url).rate(10).shortConnections(true), "--rate", "--short");
        rejects(LoadSpec.builder(url).header("NoColon"), "--header", "'Name: value'");
        rejects(LoadSpec.builder(url).method("GE T"), "--method", "HTTP method");
        rejects(LoadSpec.builder("tcp://127.0.0.1:9").size(0), "--size", "from 1");
        rejects(LoadSpec.builder("tcp://127.0.0.1:9").header("A: b"), "--header", "http only");
        assertThatThrownBy(() -> Durations.parse("--duration", "ten")).hasMessage(
                "--duration accepts a duration like 500us, 250ms, 2s, 1m or 1h, got 'ten'");
        assertThatThrownBy(() -> ExpectedStatus.parse("2yy")).hasMessageStartingWith("--expect-status accepts");
        assertThatThrownBy(() -> Protocol.parse("udp")).hasMessage("unknown protocol 'udp'; expected one of http, echo");
        assertThat(Protocol.parse(" ECHO ")).isEqualTo(Protocol.ECHO);
    }

    @Test
    void parsesDurations() {
        assertThat(Durations.parse("-d", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("-d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("-d", "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("-d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("-d", "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }

    @Test
    void derivesModeAndEncodesTheRequestOnce() {
        var keepalive = LoadSpec.builder("http://localhost:8080/a?b=c").build();
        assertThat(keepalive.mode()).isEqualTo(Mode.KEEPALIVE);
        assertThat(new String(RequestBytes.encode(keepalive), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /a?b=c HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
        var shortSpec = LoadSpec.builder("http://h/").shortConnections(true).method("post").header("X-A: 1")
                .body("hi".getBytes(StandardCharsets.US_ASCII)).build();
        assertThat(shortSpec.mode()).isEqualTo(Mode.SHORT);
        assertThat(new String(RequestBytes.encode(shortSpec), StandardCharsets.ISO_8859_1)).isEqualTo(
                "POST / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        assertThat(LoadSpec.builder("http://h/").pipeline(8).build().mode()).isEqualTo(Mode.PIPELINE);
        assertThat(LoadSpec.builder("http://h/").rate(100).build().mode()).isEqualTo(Mode.RATE);
        var echo = LoadSpec.builder("tcp://127.0.0.1:9000").size(3).build();
        assertThat(echo.protocol()).isEqualTo(Protocol.ECHO);
        assertThat(echo.echoCodec()).as("serve's default").isEqualTo(EchoFraming.STREAM);
        var framed = LoadSpec.builder("tcp://127.0.0.1:9000").size(3).echoCodec(EchoFraming.FRAME).build();
        assertThat(RequestBytes.encode(framed)).containsExactly(0, 0, 0, 3, 'a', 'b', 'c');
        assertThat(ExpectedStatus.parse("2xx,304").matches(304)).isTrue();
        assertThat(ExpectedStatus.parse("2xx,304").matches(301)).isFalse();
    }
}
