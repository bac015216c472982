package io.shardloop.exec;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One stall episode: a loop that has not returned to select, or a worker stuck in one task, for longer than
 * its threshold.
 *
 * @param thread       the stalled thread's name
 * @param kind         loop or worker
 * @param busySinceNanos the stamp that identifies the episode ({@link BusyProbe#busySinceNanos()})
 * @param stalledNanos how long it had been busy when the watchdog saw it
 * @param stack        its stack at that moment, innermost frame first
 * @param culprit      the innermost frame outside the JDK: usually the handler's own code that blocks
 */
public record StallReport(String thread, BusyProbe.Kind kind, long busySinceNanos, long stalledNanos,
                          StackTraceElement[] stack, StackTraceElement culprit) {

    static StallReport of(BusyProbe probe, long busySinceNanos, long stalledNanos, StackTraceElement[] stack) {
        StackTraceElement culprit = null;
        for (var frame : stack) {
            if (!isJdk(frame.getClassName())) {
                culprit = frame;
                break;
            }
        }
        return new StallReport(probe.name(), probe.kind(), busySinceNanos, stalledNanos, stack, culprit);
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /** The warning text: one headline naming the culprit frame, then the stack. */
    public String message() {
        String kindName = kind == BusyProbe.Kind.LOOP ? "event loop" : "worker";
        String what = kind == BusyProbe.Kind.LOOP ? "has not returned to select for" : "has been running one task for";
        var head = "%s %s %s %d ms; blocked in %s".formatted(kindName, thread, what, stalledNanos / 1_000_000,
                culprit == null ? "(JDK code only)" : culprit);
        return head + Arrays.stream(stack).map(f -> "\n\tat " + f).collect(Collectors.joining());
    }

    @Override
    public String toString() {
        return message();
    }
}
