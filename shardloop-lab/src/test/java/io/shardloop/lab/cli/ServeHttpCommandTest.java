package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code shardloop serve --protocol http} in its own JVM: the benchmark endpoints answer, SIGTERM stops it. */
@Timeout(60)
class ServeHttpCommandTest {

    @Test
    void servesTheBenchmarkEndpointsOverHttp() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--protocol", "http", "--model", "reactor-workers", "--workers", "2", "--port", "0");
        var errFile = Files.createTempFile("shardloop-serve-http", ".err");
        pb.redirectError(errFile.toFile());
        var p = pb.start();
        try {
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            var line = out.readLine();
            assertThat(line).contains("serving http").contains("model reactor-workers");
            var m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (var s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                        + "GET /json HTTP/1.1\r\nHost: t\r\n\r\n"
                        + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nConnection: close\r\n\r\nping")
                        .getBytes(StandardCharsets.US_ASCII));
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("Server: shardloop\r\n")
                        .contains("\r\n\r\nHello, World!HTTP/1.1 200 OK\r\n")
                        .contains("\r\n\r\n{\"message\":\"Hello, World!\"}HTTP/1.1 200 OK\r\n")
                        .contains("Connection: close\r\n").endsWith("\r\n\r\nping");
            }
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(errFile)).contains("shardloop: stopped");
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(errFile);
        }
    }
}
