package io.shardloop.http.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.stats.ExecutorStats;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ServerStats;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bodies of /metrics and /stats, checked against the Prometheus grammar and the records' field names. */
class AdminBodiesTest {

    static final ServerStats SAMPLE = new ServerStats("main-sub-workers", 5_000_000_000L,
            List.of(new LoopStats("shardloop-main", "main", 10, 2, 3, 4, 5, 0, 0, 0, 0),
                    new LoopStats("shardloop-loop-0", "sub", 1_000_000_000L, 200, 300, 40, 5, 2, 1000, 64_000, 128_000, 3)),
            new ExecutorStats("work-stealing", 100, 98, 1, 2, 0, 1, 2, 1, 5_000, 80_000, 1_000_000, 7, 3, 4),
            0, 2, 1000, "epoll");

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        try (var watchdog = new StallWatchdog()) {
            var text = new String(PrometheusMetrics.write(SAMPLE, watchdog), StandardCharsets.UTF_8);
            assertThat(PrometheusTextGrammar.problems(text)).as(text).isEmpty();
            assertThat(text).contains("shardloop_loop_wakeups_total{loop=\"shardloop-loop-0\",role=\"sub\"} 200");
            assertThat(text).contains("shardloop_loop_registration_failures_total{loop=\"shardloop-loop-0\",role=\"sub\"} 3");
            assertThat(text).contains("shardloop_executor_steals_total{executor=\"work-stealing\"} 7");
            assertThat(text).contains("shardloop_executor_queue_wait_seconds{executor=\"work-stealing\",quantile=\"0.99\"} 8.0E-5");
            assertThat(text).contains("shardloop_stalls_total{kind=\"loop\"} 0");
            assertThat(text).contains("shardloop_dispatch_inlined_total{executor=\"work-stealing\",reason=\"busy\"} 3");
            assertThat(text).containsPattern("shardloop_thread_cpu_seconds_total\\{mode=\"user\",role=\"[a-z]+\"\\}");
        }
    }

    @Test
    void metricsWithoutExecutorOrWatchdogAreValidToo() {
        var loopOnly = new ServerStats("single-reactor", 1, List.of(), null, 0, 0, 0, "epoll");
        var text = new String(PrometheusMetrics.write(loopOnly, null), StandardCharsets.UTF_8);
        assertThat(PrometheusTextGrammar.problems(text)).as(text).isEmpty();
        assertThat(text).doesNotContain("shardloop_executor");
    }

    @Test
    void theGrammarCheckerRejectsBrokenText() {
        assertThat(PrometheusTextGrammar.problems("# TYPE a counter\na_total 1\n")).isEmpty();
        assertThat(PrometheusTextGrammar.problems("# TYPE a counter\na_total{x=\"1} 1\n")).isNotEmpty();
        assertThat(PrometheusTextGrammar.problems("# TYPE a gauge\nb 1\n")).isNotEmpty();
        assertThat(PrometheusTextGrammar.problems("# TYPE a gauge\na one\n")).isNotEmpty();
        assertThat(PrometheusTextGrammar.problems("# TYPE a gauge\na 1\na 2\n")).isNotEmpty();
        assertThat(PrometheusTextGrammar.problems("# TYPE a gauge\na 1")).isNotEmpty();
    }

    @Test
    void statsJsonHasExactlyTheRecordFieldsPlusThreads() throws Exception {
        var endpoints = new AdminEndpoints(() -> SAMPLE, null);
        endpoints.statsJson(); // a first reading, so that the second has CPU % since it
        var tree = new ObjectMapper().readTree(endpoints.statsJson());

        assertThat(names(tree)).isEqualTo(with(fields(ServerStats.class), "threads"));
        assertThat(names(tree.get("loops").get(0))).isEqualTo(fields(LoopStats.class));
        assertThat(names(tree.get("executor"))).isEqualTo(fields(ExecutorStats.class));
        assertThat(tree.get("executor").get("steals").asLong()).isEqualTo(7);
        assertThat(tree.get("loops").get(1).get("name").asText()).isEqualTo("shardloop-loop-0");

        var threads = tree.get("threads");
        assertThat(threads.size()).isPositive();
        var required = Set.of("tid", "name", "role", "utimeTicks", "stimeTicks", "voluntaryCtxSwitches",
                "nonvoluntaryCtxSwitches");
        for (var t : threads) {
            assertThat(names(t)).containsAll(required);
            assertThat(names(t)).isSubsetOf(with(required, "cpuPercent"));
        }
        assertThat(threads).anySatisfy(t -> assertThat(t.has("cpuPercent")).isTrue());

        // the lab reads it back into the records
        var again = new ObjectMapper().configure(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(endpoints.statsJson(), ServerStats.class);
        assertThat(again).isEqualTo(SAMPLE);
    }

    @Test
    void threadDumpNamesThisThread() {
        assertThat(ThreadDump.text()).contains('"' + Thread.currentThread().getName() + '"')
                .contains("threadDumpNamesThisThread");
    }

    private static Set<String> names(com.fasterxml.jackson.databind.JsonNode node) {
        var out = new java.util.TreeSet<String>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Set<String> with(Set<String> set, String extra) {
        var out = new java.util.TreeSet<>(set);
        out.add(extra);
        return out;
    }
}
