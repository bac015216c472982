package io.shardloop.exec;

/**
 * When a worker model runs a handler where the event arrived, on the loop thread, instead of handing it to the
 * executor (Jetty's adaptive execution strategy; seed 004's point that the loop's caches are hot).
 *
 * @param whenBusy        run inline when the executor's queue holds more than {@code busyThreshold} tasks:
 *                        the hand-off would only add queue wait, and the loop stops reading meanwhile, which
 *                        is back-pressure for free
 * @param busyThreshold   queued tasks above which the workers count as busy (default 64)
 * @param nonBlocking     run inline the handlers marked non-blocking ({@link io.shardloop.codec.Handler#nonBlocking})
 */
public record InlinePolicy(boolean whenBusy, int busyThreshold, boolean nonBlocking) {

    public static final int DEFAULT_BUSY_THRESHOLD = 64;

    public InlinePolicy {
        if (busyThreshold < 0) {
            throw new IllegalArgumentException("busyThreshold must be >= 0, got " + busyThreshold);
        }
    }

    /** Always hand off (the plain worker model; the default). */
    public static InlinePolicy never() {
        return new InlinePolicy(false, DEFAULT_BUSY_THRESHOLD, false);
    }

    /** Inline when busy or non-blocking: Jetty's adaptive strategy. */
    public static InlinePolicy adaptive() {
        return new InlinePolicy(true, DEFAULT_BUSY_THRESHOLD, true);
    }

    /**
     * Parses the CLI form: {@code never}, {@code adaptive}, {@code busy}, {@code busy:N}, {@code non-blocking}.
     */
    public static InlinePolicy parse(String text) {
        var s = text.trim();
        if (s.equals("never")) {
            return never();
        }
        if (s.equals("adaptive")) {
            return adaptive();
        }
        if (s.equals("non-blocking")) {
            return new InlinePolicy(false, DEFAULT_BUSY_THRESHOLD, true);
        }
        if (s.equals("busy")) {
            return new InlinePolicy(true, DEFAULT_BUSY_THRESHOLD, false);
        }
        if (s.startsWith("busy:")) {
            try {
                return new InlinePolicy(true, Integer.parseInt(s.substring(5)), false);
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException("unknown inline policy '" + text
                + "'; expected never, adaptive, busy, busy:N (N queued tasks) or non-blocking");
    }

    public boolean isNever() {
        return !whenBusy && !nonBlocking;
    }
}
