package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code serve}'s admin, isolation, inline and watchdog flags. */
@Timeout(60)
@Tag("slow")
class ServeAdminCommandTest {

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void badFlagValuesAreOneLineErrorsNamingTheFlag() {
        var r = run("serve", "--inline", "sometimes", "--port", "0", "--no-admin");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--inline").contains("adaptive");
        r = run("serve", "--admin-isolation=maybe", "--port", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--admin-isolation").contains("true or false");
        r = run("serve", "--admin-isolation=false", "--protocol", "echo", "--port", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--admin-isolation=false needs --protocol http");
        r = run("serve", "--admin-port", "99999", "--port", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--admin-port").contains("0..65535");
        r = run("serve", "--stall-ms", "0", "--port", "0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("--stall-ms");
    }

    @Test
    void adminListenerAnswersAndIsolationOffAddsHealthToTheDataPort() throws Exception {
        try (var p = ServeProcess.start("--protocol", "http", "--model", "reactor-workers", "--workers", "2",
                "--executor", "work-stealing", "--inline", "adaptive", "--port", "0", "--admin-port", "0",
                "--admin-isolation=false");
             var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            int dataPort = ServeProcess.port(p.readLine());
            var adminLine = p.readLine();
            assertThat(adminLine).startsWith("shardloop: admin on http://127.0.0.1:").contains("shardloop-admin");
            int adminPort = ServeProcess.port(adminLine);
            assertThat(get(http, adminPort, "/health")).isEqualTo("ok\n");
            assertThat(get(http, adminPort, "/stats")).contains("\"kind\":\"work-stealing\"")
                    .contains("\"role\":\"admin\"").contains("\"threads\":[");
            assertThat(get(http, adminPort, "/metrics")).contains("shardloop_stalls_total{kind=\"loop\"} 0");
            assertThat(get(http, adminPort, "/threads")).contains("\"shardloop-watchdog\"");
            assertThat(get(http, dataPort, "/health")).isEqualTo("ok\n");
            assertThat(get(http, dataPort, "/plaintext")).isEqualTo("Hello, World!");
            p.stopGracefully();
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        var reply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(path).isEqualTo(200);
        return reply.body();
    }
}
