package io.shardloop.lab.cores;

/**
 * A cgroup's {@code cpu.stat}: how often its budget ran out. Immutable.
 *
 * @param periods         enforcement periods in which the group was runnable
 * @param throttled       periods in which it used up its quota and had to wait
 * @param throttledNanos  total time it waited
 */
public record ThrottleStat(long periods, long throttled, long throttledNanos) {

    public static final ThrottleStat NONE = new ThrottleStat(0, 0, 0);

    /** What happened between {@code before} and this later reading of the same group. */
    public ThrottleStat since(ThrottleStat before) {
        return new ThrottleStat(periods - before.periods, throttled - before.throttled, throttledNanos - before.throttledNanos);
    }

    /** Parses cpu.stat ({@code nr_periods N}, {@code nr_throttled N}, {@code throttled_time NS}; v2 names in µs). */
    public static ThrottleStat parse(String text) {
        long periods = 0;
        long throttled = 0;
        long nanos = 0;
        for (var line : text.split("\n")) {
            var kv = line.trim().split("\\s+");
            if (kv.length != 2) continue;
            long v;
            try {
                v = Long.parseLong(kv[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            switch (kv[0]) {
                case "nr_periods" -> periods = v;
                case "nr_throttled" -> throttled = v;
                case "throttled_time" -> nanos = v;
                case "throttled_usec" -> nanos = v * 1000;
                default -> { }
            }
        }
        return new ThrottleStat(periods, throttled, nanos);
    }
}
