package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost of idle keep-alive connections on the reactor models: {@code shardloop serve} in its own JVM, N
 * connections that each made one request and then sit idle; the growth of the server's RSS and of its heap
 * after a full GC, per connection, stays under 64 KiB. N is 2,000 here; the 10,000 of the robustness table:
 * {@code ./mvnw -pl shardloop-lab -am verify -Dtest=IdleConnectionsTest -Dsurefire.failIfNoSpecifiedTests=false -Drobust.idle.connections=10000}
 */
@Timeout(300)
@Tag("slow")
class IdleConnectionsTest {

    static final int CONNECTIONS = Integer.getInteger("robust.idle.connections", 2_000);
    static final long MAX_BYTES_PER_CONNECTION = 64 * 1024;
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#loopModels")
    void idleConnectionsCostLessThan64KiBEach(ModelKind model, TransportKind transport) throws Exception {
        try (var child = ChildServer.start(CONNECTIONS + 512, List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of("--protocol", "http", "--model", model.cliName(), "--transport", transport.cliName(), "--threads", "2", "--workers", "2"))) {
            for (int i = 0; i < 50; i++) { // warm up code paths and buffer pools
                assertThat(FloodTest.HttpProbe.get(child.port(), "/plaintext")).isEqualTo(200);
            }
            long heap0 = heapAfterGcKiB(child);
            long rss0 = child.rssKiB();
            var idle = new ArrayList<RawHttp>(CONNECTIONS);
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    var c = new RawHttp(child.port());
                    idle.add(c);
                    c.send(RawHttp.get("/plaintext"));
                    assertThat(c.read().status()).isEqualTo(200);
                }
                long heap1 = heapAfterGcKiB(child);
                long rss1 = child.rssKiB();
                double heapPer = (heap1 - heap0) * 1024.0 / CONNECTIONS;
                double rssPer = (rss1 - rss0) * 1024.0 / CONNECTIONS;
                System.out.printf("idle %s: %d idle keep-alive connections: RSS %d -> %d KiB (%.0f bytes each), heap after GC "
                                + "%d -> %d KiB (%.0f bytes each), %d descriptors%n", model, CONNECTIONS, rss0, rss1, rssPer,
                        heap0, heap1, heapPer, child.openDescriptors());
                assertThat(rssPer).as("RSS per idle connection, bytes").isLessThan(MAX_BYTES_PER_CONNECTION);
                assertThat(heapPer).as("heap per idle connection, bytes").isLessThan(MAX_BYTES_PER_CONNECTION);
            } finally {
                for (var c : idle) {
                    c.close();
                }
            }
        }
    }

    /** The child's heap in use after a full GC (jcmd GC.run, then the generations' "used" in GC.heap_info). */
    static long heapAfterGcKiB(ChildServer child) throws Exception {
        child.jcmd("GC.run");
        var m = USED.matcher(child.jcmd("GC.heap_info"));
        long used = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
        }
        return used;
    }
}
