package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.testkit.RawHttp;
import io.shardloop.exec.BusyProbe;
import io.shardloop.exec.StallReport;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.EndpointHandler;
import io.shardloop.http.HttpCodec;
import io.shardloop.http.HttpLimits;
import io.shardloop.http.Response;
import io.shardloop.http.router.Router;
import io.shardloop.model.ModelKind;
import io.shardloop.model.ServerConfig;
import io.shardloop.server.Servers;
import io.shardloop.transport.TransportKind;
import io.shardloop.model.Watchdogs;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler that sleeps 500 ms on a loop thread (an event loop, or a shared-epoll pool thread): exactly one watchdog
 * warning, naming the handler's frame.
 */
class LoopWatchdogTest {

    @ParameterizedTest
    @EnumSource(value = ModelKind.class, names = {"SINGLE_REACTOR", "SHARED_EPOLL"})
    void aSleepingHandlerOnTheLoopIsReportedOnceByName(ModelKind model) throws Exception {
        var reports = new CopyOnWriteArrayList<StallReport>();
        var router = Router.builder()
                .get("/sleep", r -> sleepingHandler())
                .get("/fast", r -> Response.text("fast\n"))
                .build();
        var config = ServerConfig.builder().port(0).model(model).transport(TransportKind.EPOLL).build();
        try (var watchdog = new StallWatchdog();
             var server = Servers.start(config, () -> new HttpCodec(HttpLimits.defaults()), new EndpointHandler(router));
             var watch = Watchdogs.watch(watchdog, server)) {
            watchdog.onStall(reports::add);
            for (int i = 0; i < 20; i++) {
                assertThat(RawHttp.get(server.port(), "/fast").status()).isEqualTo(200);
            }
            assertThat(RawHttp.get(server.port(), "/sleep").text()).isEqualTo("woke\n");
            for (int i = 0; i < 500 && reports.isEmpty(); i++) {
                Thread.sleep(10); // the watchdog thread may lag on a loaded machine
            }
            Thread.sleep(150); // more polls after the episode: still one
            // a loaded machine may also deschedule the loop past 100 ms in the transport: a real stall, reported
            // too, but not the handler's
            var handlerStalls = reports.stream()
                    .filter(r -> r.culprit() != null && r.culprit().getMethodName().equals("sleepingHandler")).toList();
            assertThat(handlerStalls).as("reports naming the handler, of %s", reports).hasSize(1);
            assertThat(reports.stream().map(StallReport::busySinceNanos).distinct().count())
                    .as("one report per episode").isEqualTo(reports.size());
            var report = handlerStalls.getFirst();
            assertThat(report.kind()).isEqualTo(BusyProbe.Kind.LOOP);
            // shared-epoll: whichever pool thread took the request's event
            var loopThreads = server.loopProbes().stream().map(BusyProbe::name).toList();
            assertThat(report.thread()).isIn(loopThreads).startsWith("shardloop-loop-");
            assertThat(report.culprit().getClassName()).isEqualTo(LoopWatchdogTest.class.getName());
            assertThat(report.culprit().getMethodName()).isEqualTo("sleepingHandler");
            assertThat(report.message()).startsWith("event loop " + report.thread() + " has not returned to select for")
                    .contains("blocked in io.shardloop.http.admin.LoopWatchdogTest.sleepingHandler");
            assertThat(watchdog.loopStalls()).isEqualTo(reports.size());
        }
    }

    private static Response sleepingHandler() throws InterruptedException {
        Thread.sleep(500);
        return Response.text("woke\n");
    }
}
