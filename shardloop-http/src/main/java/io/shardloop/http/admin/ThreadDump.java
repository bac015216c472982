package io.shardloop.http.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;

/** The body of GET /threads: every platform thread with its state, lock and full stack, like jstack. Any thread. */
final class ThreadDump {

    private ThreadDump() {
    }

    static String text() {
        var mx = ManagementFactory.getThreadMXBean();
        var infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
        Arrays.sort(infos, Comparator.comparing(ThreadInfo::getThreadName));
        var sb = new StringBuilder(infos.length * 512);
        sb.append("threads: ").append(infos.length).append('\n');
        for (var info : infos) {
            sb.append('\n').append('"').append(info.getThreadName()).append('"')
                    .append(" #").append(info.getThreadId())
                    .append(info.isDaemon() ? " daemon" : "")
                    .append(' ').append(info.getThreadState());
            if (info.getLockName() != null) {
                sb.append(" on ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(info.getLockOwnerName()).append('"');
                }
            }
            sb.append('\n');
            for (var frame : info.getStackTrace()) {
                sb.append("\tat ").append(frame).append('\n');
            }
        }
        return sb.toString();
    }
}
