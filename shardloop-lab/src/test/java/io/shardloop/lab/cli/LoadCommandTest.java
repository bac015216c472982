package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadCommandTest {

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "load ::not-a-url                                          | URL",
            "load ftp://127.0.0.1/                                     | URL",
            "load http://127.0.0.1:1/ --connections 0                  | --connections",
            "load http://127.0.0.1:1/ --connections many               | --connections",
            "load http://127.0.0.1:1/ --threads 0                      | --threads",
            "load http://127.0.0.1:1/ --rate 0                         | --rate",
            "load http://127.0.0.1:1/ --rate -3                        | --rate",
            "load http://127.0.0.1:1/ --rate fast                      | --rate",
            "load http://127.0.0.1:1/ --duration ten                   | --duration",
            "load http://127.0.0.1:1/ --warmup 5parsecs                | --warmup",
            "load http://127.0.0.1:1/ --timeout 0s                     | --timeout",
            "load http://127.0.0.1:1/ --pipeline 0                     | --pipeline",
            "load http://127.0.0.1:1/ --short --pipeline 4             | --short",
            "load http://127.0.0.1:1/ --protocol quic                  | --protocol",
            "load tcp://127.0.0.1:1 --size 0                           | --size",
            "load tcp://127.0.0.1:1 --echo-codec zip                   | --echo-codec",
            "load http://127.0.0.1:1/ --expect-status ok               | --expect-status",
            "load http://127.0.0.1:1/ --header NoColon                 | --header",
            "load http://127.0.0.1:1/ --body-file /no/such/file        | --body-file",
            "load http://127.0.0.1:1/ --no-such-flag                   | --no-such-flag",
            "load --connections 4                                      | URL",
            "load http://127.0.0.1:1/ --io uring                       | --io",
            "load http://[::1]:1/ --io epoll                           | --io",
            "load https://127.0.0.1:1/ --tls-resume maybe              | --tls-resume",
            "load http://127.0.0.1:1/ --tls-insecure                   | --tls-insecure",
            "load https://127.0.0.1:1/ --tls-trust /no/such/file.pem   | --tls-trust",
            "load https://127.0.0.1:1/ --tls-insecure --tls-trust x    | --tls-insecure",
            "load https://127.0.0.1:1/ --protocol echo                 | --protocol",
    })
    void badArgumentsGetOneLineNamingTheFlag(String args, String flag) {
        var r = run(args.strip().split(" +"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("shardloop load: ").contains(flag);
    }

    @Test
    void runsAndWritesJson(@TempDir Path dir) throws Exception {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> serve(s));
                    }
                } catch (Exception e) {
                    // server closed
                }
            });
            Path json = dir.resolve("run.json");
            var r = run("load", "http://127.0.0.1:" + server.getLocalPort() + "/x", "-c", "2", "-d", "700ms",
                    "--warmup", "0s", "--json", json.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("req/s").contains("p50").contains("p99.99").contains("errors       0")
                    .contains("us/request");
            var tree = new ObjectMapper().readTree(Files.readString(json));
            assertThat(tree.get("mode").asText()).isEqualTo("keepalive");
            boolean epollHere = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
                    && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
            assertThat(tree.get("io").asText()).isEqualTo(epollHere ? "epoll" : "nio"); // what auto picks
            assertThat(tree.get("requests").asLong()).isPositive();
            assertThat(tree.get("errors").get("total").asLong()).isZero();
        }
    }

    private static void serve(Socket s) {
        try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            var out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (Exception e) {
            // client gone
        }
    }
}
