package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code shardloop serve --protocol http} in its own JVM: the benchmark endpoints answer, SIGTERM stops it. */
@Timeout(60)
@Tag("slow")
class ServeHttpCommandTest {

    @Test
    void servesTheBenchmarkEndpointsOverHttp() throws Exception {
        try (var p = ServeProcess.start("--protocol", "http", "--model", "reactor-workers", "--workers", "2",
                "--port", "0")) {
            var line = p.readLine();
            assertThat(line).contains("serving http").contains("model reactor-workers");
            int port = ServeProcess.port(line);
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
            p.stopGracefully();
        }
    }
}
