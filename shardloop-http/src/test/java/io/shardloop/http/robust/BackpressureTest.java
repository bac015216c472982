package io.shardloop.http.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client pipelines {@value #REQUESTS} requests for 4 KiB each and reads nothing. The server stops reading
 * once its outbound bytes pass the high watermark (connection threads: once their blocking write blocks), so
 * the requests it decodes and the heap it holds stay bounded; when the client reads again, every response
 * arrives. Every model.
 */
@Timeout(120)
@Tag("slow")
class BackpressureTest {

    static final int REQUESTS = 10_000;
    /** All replies held in memory would be about 40 MiB; a bounded server holds a watermark's worth or so. */
    static final long MAX_HEAP_GROWTH = 16L << 20;

    @ParameterizedTest
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#all")
    void aClientThatNeverReadsCannotMakeTheServerBufferWithoutBound(ModelKind model, TransportKind transport) throws Exception {
        // a peer that reads nothing for the idle timeout is dropped (no write progress): keep it longer than the test
        var limits = RobustServer.limits().withIdleTimeout(Duration.ofSeconds(30));
        try (var s = RobustServer.start(model, transport, b -> b.limits(limits))) {
            long heapBefore = usedHeapAfterGc();
            var c = new RawHttp(s.port());
            // no SO_RCVBUF shrink here: set after connect, below loopback's 64 KiB MSS, the kernel stops sending
            // window updates and the reads later crawl on zero-window probes (a test hang, not backpressure)
            var sent = new AtomicLong();
            var request = RawHttp.get("/item").getBytes(StandardCharsets.US_ASCII);
            var writer = Thread.ofPlatform().name("pipeliner").start(() -> {
                try {
                    OutputStream out = c.socket.getOutputStream();
                    for (int i = 0; i < REQUESTS; i++) {
                        out.write(request);
                        sent.incrementAndGet();
                    }
                    out.flush();
                } catch (IOException e) {
                    // the test closes the socket at the end
                }
            });
            try {
                long plateau = awaitPlateau(() -> s.server.stats().messages());
                long heapGrowth = usedHeapAfterGc() - heapBefore;
                System.out.printf("backpressure %s: client wrote %d of %d requests; server decoded %d and stopped "
                                + "reading; heap growth %d KiB%n", model, sent.get(), REQUESTS, plateau,
                        heapGrowth >> 10);
                assertThat(plateau).as("requests decoded while the client reads nothing").isLessThan(REQUESTS);
                assertThat(heapGrowth).as("heap growth, bytes").isLessThan(MAX_HEAP_GROWTH);

                // the client reads again: every response arrives
                int responses = 0;
                while (responses < REQUESTS) {
                    var r = c.read();
                    assertThat(r.status()).as("response %d", responses).isEqualTo(200);
                    assertThat(r.body()).hasSize(RobustServer.ITEM.length);
                    responses++;
                }
                writer.join(10_000);
                assertThat(s.handledRequests()).isEqualTo(REQUESTS);
            } finally {
                c.close();
                writer.join(10_000);
            }
        }
    }

    /** Polls until the counter has not moved for 500 ms, and returns its value. */
    static long awaitPlateau(java.util.function.LongSupplier counter) throws InterruptedException {
        long last = counter.getAsLong();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() - stableSince < 500_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
