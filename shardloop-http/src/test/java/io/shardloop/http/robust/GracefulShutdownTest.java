package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.testkit.RawHttp.End;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graceful shutdown under load: clients keep sending (keep-alive, pipelined, slow handlers in flight) while the
 * server shuts down with a grace period. Every request the server read (its handler ran) gets its complete
 * response before the close; no connection ends mid-response or hangs. Every model.
 */
@Timeout(120)
@Tag("slow")
class GracefulShutdownTest {

    static final int CLIENTS = 8;

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void everyRequestReadIsAnsweredBeforeTheClose(ModelKind model, TransportKind transport) throws Exception {
        var s = RobustServer.start(model, transport);
        var responses = new AtomicLong();
        var problems = new ConcurrentLinkedQueue<String>();
        var ends = new ConcurrentLinkedQueue<End>();
        var clients = new ArrayList<Thread>();
        for (int i = 0; i < CLIENTS; i++) {
            int id = i;
            clients.add(Thread.ofPlatform().name("client-" + i).start(() -> client(id, s.port(), responses, problems, ends)));
        }
        Thread.sleep(300);
        boolean clean = s.server.shutdown(Duration.ofSeconds(5));
        for (var t : clients) {
            t.join(30_000);
        }
        System.out.printf("graceful %s: shutdown clean=%s, handler calls %d, complete responses %d, ends %s, problems %s%n",
                model, clean, s.handledRequests(), responses.get(), ends, problems);
        assertThat(problems).as("responses cut short, bad statuses, hangs").isEmpty();
        assertThat(clean).as("nothing had to be forced within the grace period").isTrue();
        assertThat(responses.get()).as("complete responses received = requests the handlers ran")
                .isEqualTo(s.handledRequests());
        // A connection ends with FIN, or with RST when the client had sent a request the server never read (the
        // kernel resets a socket closed with unread input; there is no lingering close): by the count above,
        // every request the server did read was answered in full first.
        assertThat(ends).as("how connections ended").hasSize(CLIENTS).allMatch(e -> e == End.EOF || e == End.RESET);
    }

    /** Sends until the server closes: a /hello, then 3 pipelined /hello, then a /slow (400 ms), in a loop. */
    private static void client(int id, int port, AtomicLong responses, ConcurrentLinkedQueue<String> problems,
                               ConcurrentLinkedQueue<End> ends) {
        try (var c = new RawHttp(port, Duration.ofSeconds(20))) {
            for (int round = 0; ; round++) {
                int owed;
                if (round % 3 == 2 && id % 2 == 0) {
                    c.send(RawHttp.get("/slow"));
                    owed = 1;
                } else if (round % 3 == 1) {
                    c.send(RawHttp.get("/hello").repeat(3));
                    owed = 3;
                } else {
                    c.send(RawHttp.get("/hello"));
                    owed = 1;
                }
                for (int k = 0; k < owed; k++) {
                    var r = c.read();
                    if (r.end() != End.RESPONSE) {
                        ends.add(r.end());
                        if (r.end() == End.TIMEOUT) {
                            problems.add("client " + id + ": no response and no close");
                        }
                        return;
                    }
                    if (r.status() != 200) {
                        problems.add("client " + id + ": status " + r.status());
                    }
                    responses.incrementAndGet();
                }
            }
        } catch (ConnectException e) {
            ends.add(End.EOF); // refused before it was accepted: not one of the server's connections
        } catch (IOException e) {
            // a send after the server's FIN may fail with a broken pipe: the server had read nothing of it
            var m = String.valueOf(e.getMessage());
            if (m.contains("Broken pipe") || m.contains("reset")) {
                ends.add(End.RESET);
            } else {
                problems.add("client " + id + ": " + e);
            }
        }
    }
}
