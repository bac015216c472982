package io.shardloop.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.nativeio.Faults.Call;
import io.shardloop.nativeio.Faults.Rule;
import io.shardloop.nativeio.Faults.When;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault seam: which calls a rule fails, and that a failed call looks to its caller as the kernel's refusal. */
class FaultsTest {

    @AfterEach
    void clear() {
        Faults.clear();
    }

    @Test
    void theSeamIsArmedInTheTestsAndOffWithoutTheProperty() {
        assertThat(Faults.ENABLED).as("the build's argLine sets -Dshardloop.faults=true").isTrue();
        assertThat(Faults.failure(Call.EPOLL_CTL, Faults.ANY)).as("no rule: every call is made").isZero();
    }

    @Test
    void onceFailsTheNthCallOnly() {
        Faults.inject(new Rule(Call.SEND, 32, When.ONCE, 3, Faults.ANY));
        assertThat(calls(Call.SEND, Faults.ANY, 6)).containsExactly(0, 0, 32, 0, 0, 0);
        assertThat(Faults.fired(Call.SEND)).isEqualTo(1);
    }

    @Test
    void everyFailsEachNthAndFromFailsFromTheNthOn() {
        Faults.inject(new Rule(Call.RECV, 104, When.EVERY, 2, Faults.ANY));
        assertThat(calls(Call.RECV, Faults.ANY, 6)).containsExactly(0, 104, 0, 104, 0, 104);
        Faults.inject(new Rule(Call.RECV, 104, When.FROM, 4, Faults.ANY));
        assertThat(calls(Call.RECV, Faults.ANY, 6)).as("a new rule counts from 1 again").containsExactly(0, 0, 0, 104, 104, 104);
    }

    @Test
    void aRuleForOneDetailLeavesTheOthersAndOtherCallsAlone() {
        Faults.inject(Rule.once(Call.EPOLL_CTL, 28).onlyDetail(Libc.EPOLL_CTL_ADD));
        assertThat(Faults.failure(Call.EPOLL_CTL, Libc.EPOLL_CTL_MOD)).isZero();
        assertThat(Faults.failure(Call.EPOLL_WAIT, Faults.ANY)).isZero();
        assertThat(Faults.failure(Call.EPOLL_CTL, Libc.EPOLL_CTL_ADD)).isEqualTo(28);
        assertThat(Faults.failure(Call.EPOLL_CTL, Libc.EPOLL_CTL_ADD)).isZero();
    }

    @Test
    void randomFailsAboutOneInN() {
        Faults.inject(new Rule(Call.WRITEV, 11, When.RANDOM, 10, Faults.ANY));
        long failed = calls(Call.WRITEV, Faults.ANY, 20_000).stream().filter(e -> e != 0).count();
        assertThat(failed).isBetween(1_500L, 2_500L); // 2,000 expected; these bounds are 11 standard deviations wide
    }

    @Test
    void manyThreadsShareOneCountAndExactlyTheNthCallFails() throws Exception {
        Faults.inject(new Rule(Call.ACCEPT4, 24, When.EVERY, 1_000, Faults.ANY));
        var failed = new AtomicInteger();
        var start = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 25_000; i++) {
                    if (Faults.failure(Call.ACCEPT4, Faults.ANY) != 0) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (var t : threads) {
            t.join();
        }
        assertThat(failed.get()).as("200,000 calls, every 1,000th fails").isEqualTo(200);
        assertThat(Faults.fired(Call.ACCEPT4)).isEqualTo(200);
    }

    @Test
    void aFailedCallReturnsMinusOneWithItsErrnoAndIsNotMade() {
        assumeTrue(Libc.AVAILABLE, () -> "needs the native bindings: " + Libc.UNAVAILABLE_REASON);
        try (var arena = Arena.ofConfined()) {
            var s = Libc.CallState.allocate(arena);
            Faults.inject(Rule.once(Call.EPOLL_CREATE1, Libc.EMFILE));
            assertThat(Libc.epollCreate(s)).isEqualTo(-1);
            assertThat(Libc.errno(s)).isEqualTo(Libc.EMFILE);
            assertThat(Libc.describe(Libc.errno(s))).contains("EMFILE");
            int fd = Libc.epollCreate(s); // the rule fired once: the next call is made
            assertThat(fd).isNotNegative();
            Faults.inject(Rule.once(Call.EPOLL_CTL, Libc.EBADF));
            // a real epoll_ctl on this fd would succeed (ADD of an eventfd); the seam refuses it before the kernel
            int efd = Libc.eventfd(s, 0, Libc.EFD_CLOEXEC);
            var ev = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
            assertThat(Libc.epollCtl(s, fd, Libc.EPOLL_CTL_ADD, efd, ev)).isEqualTo(-1);
            assertThat(Libc.errno(s)).isEqualTo(Libc.EBADF);
            assertThat(Libc.epollCtl(s, fd, Libc.EPOLL_CTL_ADD, efd, ev)).as("now made, and accepted").isZero();
            Libc.close(s, efd);
            Libc.close(s, fd);
        }
    }

    @Test
    void aRuleIsCheckedWhenMade() {
        assertThatThrownBy(() -> new Rule(Call.SEND, 0, When.ONCE, 1, Faults.ANY)).hasMessageContaining("errno");
        assertThatThrownBy(() -> new Rule(Call.SEND, 5, When.EVERY, 0, Faults.ANY)).hasMessageContaining("from 1");
    }

    @Test
    void aProcessWideSpecParsesIntoRandomRulesAndABadOneIsRefusedByName() {
        assertThat(Faults.parse("recv:104:1000, EPOLL_CTL:12:500")).containsExactly(
                new Faults.Rule(Faults.Call.RECV, 104, Faults.When.RANDOM, 1000, Faults.ANY),
                new Faults.Rule(Faults.Call.EPOLL_CTL, 12, Faults.When.RANDOM, 500, Faults.ANY));
        for (var bad : List.of("recv:104", "read:104:1000", "recv:x:1000", "recv:104:0", "recv:-1:10")) {
            assertThatThrownBy(() -> Faults.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Faults.RULES_PROPERTY).hasMessageContaining("got '" + bad + "'");
        }
    }

    @Test
    void theNativeAccessHintNamesTheModuleOnTheModulePath() {
        assertThat(Libc.nativeAccessFlag(Object.class.getModule())).isEqualTo("--enable-native-access=java.base");
        assertThat(Libc.nativeAccessFlag(FaultsTest.class.getModule())).isEqualTo("--enable-native-access=ALL-UNNAMED");
    }

    private static java.util.List<Integer> calls(Call call, int detail, int n) {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < n; i++) {
            out.add(Faults.failure(call, detail));
        }
        return out;
    }
}
