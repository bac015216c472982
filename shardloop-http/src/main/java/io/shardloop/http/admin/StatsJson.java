package io.shardloop.http.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardloop.stats.ServerStats;
import java.util.List;

/**
 * The body of GET /stats: the {@link ServerStats} record (its field names are the keys: model, uptimeNanos,
 * loops[], executor, ...) plus a "threads" array from /proc. Thread contract: any thread.
 */
final class StatsJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private StatsJson() {
    }

    static byte[] write(ServerStats stats, List<ThreadCpu.ThreadRow> threads) {
        var root = JSON.valueToTree(stats);
        var array = JSON.createArrayNode();
        for (var t : threads) {
            var row = JSON.createObjectNode()
                    .put("tid", t.tid())
                    .put("name", t.name())
                    .put("role", t.role())
                    .put("utimeTicks", t.utimeTicks())
                    .put("stimeTicks", t.stimeTicks());
            if (t.cpuPercent() != null) {
                row.put("cpuPercent", t.cpuPercent());
            }
            row.put("voluntaryCtxSwitches", t.voluntaryCtxSwitches())
                    .put("nonvoluntaryCtxSwitches", t.nonvoluntaryCtxSwitches());
            array.add(row);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) root).set("threads", array);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write /stats", e);
        }
    }
}
