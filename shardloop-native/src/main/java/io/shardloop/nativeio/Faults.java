package io.shardloop.nativeio;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Failures injected at the native seam, so that tests reach the error paths of the code above it: a chosen call
 * fails with a chosen errno once, every Nth time, from a point on, or at random, as if the kernel had refused it.
 * A failed call does not reach the kernel, returns -1 and leaves the errno in the caller's {@link Libc.CallState},
 * exactly where a real failure leaves it, so the callers' own error handling is what runs.
 * <p>
 * Off unless the JVM starts with {@code -Dshardloop.faults=true}: each binding asks {@link #ENABLED} first, a
 * constant the JIT folds, so a server without the property runs the bindings as if the seam were not there.
 * Thread contract: any thread; a rule is installed and cleared by a test while the server runs.
 */
public final class Faults {

    /** Whether the seam is compiled into the bindings' paths: {@code -Dshardloop.faults=true} at start. */
    public static final boolean ENABLED = Boolean.getBoolean("shardloop.faults");

    /** A call that can be made to fail. {@link #TLS_START} is not a system call: the TLS engine's creation. */
    public enum Call {
        ACCEPT4, EPOLL_CREATE1, EPOLL_CTL, EPOLL_WAIT, EVENTFD, RECV, SEND, WRITEV, SETSOCKOPT, TLS_START
    }

    /** When a rule fires, counting the calls that match it from its installation (the first is 1). */
    public enum When {
        /** The Nth matching call only. */
        ONCE,
        /** Every Nth matching call (N, 2N, ...). */
        EVERY,
        /** The Nth matching call and every one after it. */
        FROM,
        /** Each matching call with probability 1/N. */
        RANDOM
    }

    /** Matches any value of a call's detail (its {@code op} for epoll_ctl). */
    public static final int ANY = Integer.MIN_VALUE;

    /**
     * One call's failure: with {@code errno}, at the calls {@code when} and {@code n} pick among those whose detail
     * is {@code detail} (the operation of {@code epoll_ctl}, e.g. {@link Libc#EPOLL_CTL_ADD}), or any with
     * {@link #ANY}.
     */
    public record Rule(Call call, int errno, When when, long n, int detail) {
        public Rule {
            if (n < 1) {
                throw new IllegalArgumentException("a rule counts from 1, got " + n);
            }
            if (errno <= 0) {
                throw new IllegalArgumentException("an errno is positive, got " + errno);
            }
        }

        public static Rule once(Call call, int errno) {
            return new Rule(call, errno, When.ONCE, 1, ANY);
        }

        /** The same rule for the calls whose detail is {@code d} only. */
        public Rule onlyDetail(int d) {
            return new Rule(call, errno, when, n, d);
        }
    }

    /** An installed rule and its count of matching calls. */
    private record Armed(Rule rule, AtomicLong calls, AtomicLong fired) {
    }

    private static final AtomicReferenceArray<Armed> ARMED = new AtomicReferenceArray<>(Call.values().length);

    /**
     * Rules a whole process starts with (the soak's server, where no test installs any): {@code CALL:ERRNO:N,...},
     * each call failing with that errno 1 time in N at random, e.g. {@code recv:104:1000,send:32:1000}. At exit the
     * process prints how often each fired, on stderr.
     */
    public static final String RULES_PROPERTY = "shardloop.faults.rules";

    static {
        var rules = System.getProperty(RULES_PROPERTY);
        if (ENABLED && rules != null && !rules.isBlank()) {
            var parsed = parse(rules);
            parsed.forEach(Faults::inject);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("shardloop faults fired: "
                    + String.join(", ", parsed.stream().map(r -> r.call().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + fired(r.call())).toList())), "shardloop-faults-report"));
        }
    }

    private Faults() {
    }

    /** Installs {@code rule} for its call, replacing that call's rule; refused when the seam is off. */
    public static void inject(Rule rule) {
        if (!ENABLED) {
            throw new IllegalStateException("the fault seam is off: start the JVM with -Dshardloop.faults=true");
        }
        ARMED.set(rule.call().ordinal(), new Armed(rule, new AtomicLong(), new AtomicLong()));
    }

    /**
     * The rules of {@code spec}, {@code CALL:ERRNO:N[,...]}: 1 in N calls of CALL (a {@link Call}, any case) fail with
     * ERRNO. Refuses anything else with a message naming {@link #RULES_PROPERTY} and the part it could not read.
     */
    public static java.util.List<Rule> parse(String spec) {
        var out = new java.util.ArrayList<Rule>();
        for (var part : spec.split(",")) {
            var f = part.strip().split(":");
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("three fields");
                }
                out.add(new Rule(Call.valueOf(f[0].strip().toUpperCase(java.util.Locale.ROOT)), Integer.parseInt(f[1].strip()),
                        When.RANDOM, Long.parseLong(f[2].strip()), ANY));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(RULES_PROPERTY + " accepts CALL:ERRNO:N[,...] with CALL one of "
                        + java.util.Arrays.toString(Call.values()).toLowerCase(java.util.Locale.ROOT) + " and N >= 1, got '"
                        + part.strip() + "' (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    /** Removes every rule. */
    public static void clear() {
        for (int i = 0; i < ARMED.length(); i++) {
            ARMED.set(i, null);
        }
    }

    /** How many times the rule of {@code call} has failed a call since it was installed; 0 without one. */
    public static long fired(Call call) {
        var a = ARMED.get(call.ordinal());
        return a == null ? 0 : a.fired().get();
    }

    /**
     * The errno with which this call of {@code call} fails, or 0 to make it. Callers ask only when {@link #ENABLED}.
     */
    public static int failure(Call call, int detail) {
        var a = ARMED.get(call.ordinal());
        if (a == null) {
            return 0;
        }
        var r = a.rule();
        if (r.detail() != ANY && r.detail() != detail) {
            return 0;
        }
        long k = a.calls().incrementAndGet();
        boolean fire = switch (r.when()) {
            case ONCE -> k == r.n();
            case EVERY -> k % r.n() == 0;
            case FROM -> k >= r.n();
            case RANDOM -> ThreadLocalRandom.current().nextLong(r.n()) == 0;
        };
        if (!fire) {
            return 0;
        }
        a.fired().incrementAndGet();
        return r.errno();
    }

    /** {@link #failure} with its errno left in {@code s}: the call then returns -1 without being made. */
    static boolean failed(Call call, int detail, Libc.CallState s) {
        int e = failure(call, detail);
        if (e == 0) {
            return false;
        }
        Libc.setErrno(s, e);
        return true;
    }
}
