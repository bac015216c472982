package io.shardloop.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.http.server.HttpServer;
import io.shardloop.model.ModelKind;
import io.shardloop.nativeio.Libc;
import io.shardloop.stats.LoopStats;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.TransportKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on shared-epoll, where a connection is served turn by turn by whichever pool thread its event woke: the TLS
 * layer must take each turn holder's scratch buffers and native calls. Many clients pipeline over TLS at once, so
 * that connections move between threads mid-stream; every reply must come back whole and in order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class SharedEpollTlsTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.shutdown(Duration.ofSeconds(2)));
    }

    @Test
    void pipelinedClientsOnFourThreadsGetEveryReplyInOrder() throws Exception {
        assumeTrue(Libc.AVAILABLE, "epoll is not available here");
        var tls = TlsConfig.builder(TestTls.KEYS.context()).build();
        var router = Router.builder().get("/echo-path/{id}", r -> Response.text(r.pathParam("id"))).build();
        var s = HttpServer.builder().model(ModelKind.SHARED_EPOLL).transport(TransportKind.EPOLL).threads(4).port(0)
                .router(router).tls(tls).start();
        servers.add(s);
        var ctx = TestTls.clientContext();
        int clients = 8;
        int rounds = 25;
        int depth = 8;
        var wrong = new CopyOnWriteArrayList<String>();
        var replies = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (var socket = TestTls.connect(ctx, s.port())) {
                    var out = socket.getOutputStream();
                    var in = socket.getInputStream();
                    for (int r = 0; r < rounds; r++) {
                        var batch = new StringBuilder();
                        for (int i = 0; i < depth; i++) {
                            batch.append("GET /echo-path/").append(client).append('-').append(r).append('-').append(i)
                                    .append(" HTTP/1.1\r\nHost: t\r\n\r\n");
                        }
                        out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        for (int i = 0; i < depth; i++) {
                            String body = readReply(in);
                            String want = client + "-" + r + "-" + i;
                            if (!body.equals(want)) {
                                wrong.add("client " + client + " wanted " + want + ", got " + body);
                                return;
                            }
                            replies.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    wrong.add("client " + client + ": " + e);
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        assertThat(wrong).isEmpty();
        assertThat(replies.get()).isEqualTo(clients * rounds * depth);
        var stats = s.stats();
        assertThat(stats.tls().handshakes()).isEqualTo(clients);
        assertThat(stats.tls().failed()).isZero();
        long servingThreads = stats.loops().stream().filter(l -> l.messages() > 0).count();
        assertThat(servingThreads).as("pool threads that served messages: %s",
                stats.loops().stream().map(LoopStats::messages).toList()).isGreaterThan(1);
        assertThat(stats.loops().stream().mapToLong(LoopStats::messages).sum()).isEqualTo(clients * rounds * depth);
    }

    /** One HTTP/1.1 reply with Content-Length; returns its body. */
    private static String readReply(InputStream in) throws Exception {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("end of stream after " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        int at = head.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)).trim());
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
