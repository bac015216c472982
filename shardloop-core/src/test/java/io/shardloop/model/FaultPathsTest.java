package io.shardloop.model;

import static io.shardloop.model.TestSockets.connect;
import static io.shardloop.model.TestSockets.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.StreamEchoCodec;
import io.shardloop.nativeio.Faults;
import io.shardloop.nativeio.Faults.Call;
import io.shardloop.nativeio.Faults.Rule;
import io.shardloop.nativeio.Libc;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import io.shardloop.tls.SelfSigned;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A system call that fails after start, made to fail at the native seam ({@link Faults}), on every loop model: the
 * connection it hits ends in a defined way, is counted, and the others go on being served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultPathsTest {
    private final List<Server> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        Faults.clear();
        for (var s : servers) {
            s.shutdown(Duration.ofSeconds(2));
        }
    }

    static Stream<Arguments> loopModelsOnEpoll() {
        return io.shardloop.testkit.ModelsOnTransports.loopModels().filter(a -> a.get()[1] == TransportKind.EPOLL);
    }

    private Server start(ModelKind model, TransportKind transport, TransportConfig t) {
        var s = Servers.start(ServerConfig.builder().port(0).model(model).threads(2).workers(2).transport(t)
                .transport(transport).build(), StreamEchoCodec::new, EchoHandler.INSTANCE);
        servers.add(s);
        return s;
    }

    /**
     * epoll_ctl(ADD) refused with ENOSPC (fs.epoll.max_user_watches reached) as a connection opens: that connection
     * is closed and counted in its loop's {@code registrationFailures} (/stats, /metrics), an open one and a later
     * one are served. Shared-epoll used to leave such a connection half-open, throw a NullPointerException re-arming
     * it and reset a descriptor number that may have been another connection's by then.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aConnectionTheKernelWillNotWatchIsClosedAndCountedAndTheOthersAreServed(ModelKind model, TransportKind transport)
            throws Exception {
        assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
        var server = start(model, transport, TransportConfig.defaults());
        try (var before = connect(server.port())) {
            echoes(before, "before");
            // the first message may be served by the read on open, before the connection joins the kernel's set;
            // a second one needs its event, so the connection is in the set before the rule
            echoes(before, "registered");
            // every ADD fails while the rule stands: main-sub's hand-off falls back to a task, whose registration fails
            Faults.inject(new Rule(Call.EPOLL_CTL, 28, Faults.When.FROM, 1, Faults.ANY).onlyDetail(Libc.EPOLL_CTL_ADD));
            try (var refused = connect(server.port())) {
                assertThat(endsWithoutAReply(refused)).as("the refused connection is closed").isTrue();
            }
            Faults.clear();
            assertThat(registrationFailures(server)).as("counted once").isEqualTo(1);
            stillServes(server, before);
        }
    }

    /**
     * epoll_ctl(MOD) refused (ENOMEM) when an open connection's interest changes: a client that sends and does not
     * read makes the server wait for its socket to take more (EPOLLOUT; on shared-epoll every turn re-arms with a
     * MOD). That connection, deaf to what it wants, is closed and counted; the others are served.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aConnectionWhoseInterestTheKernelWillNotChangeIsClosedAndCounted(ModelKind model, TransportKind transport)
            throws Exception {
        assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
        var server = start(model, transport, TransportConfig.defaults());
        try (var other = connect(server.port())) {
            echoes(other, "other");
            try (var failing = connect(server.port())) {
                echoes(failing, "before");
                echoes(failing, "registered");
                Faults.inject(new Rule(Call.EPOLL_CTL, 12, Faults.When.FROM, 1, Faults.ANY).onlyDetail(Libc.EPOLL_CTL_MOD));
                failing.configureBlocking(false);
                var chunk = ByteBuffer.allocate(64 * 1024);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (Faults.fired(Call.EPOLL_CTL) == 0 && System.nanoTime() < deadline) {
                    try {
                        failing.write(chunk.clear());
                    } catch (IOException closed) {
                        break;
                    }
                    Thread.sleep(1);
                }
                assertThat(Faults.fired(Call.EPOLL_CTL)).as("a MOD refused").isGreaterThanOrEqualTo(1);
                failing.configureBlocking(true);
                failing.socket().setSoTimeout(10_000);
                assertThat(endsWithin(failing.socket().getInputStream())).as("the connection is closed").isTrue();
            }
            assertThat(registrationFailures(server)).as("counted").isGreaterThanOrEqualTo(1);
            stillServes(server, other);
        }
    }

    /**
     * epoll_wait failing (ENOMEM) for a while: each loop backs off and waits again, logging one line per episode; once
     * the kernel answers, the open connection and new ones are served (the loop used to die at the first failure,
     * closing every connection on it).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aLoopWhoseWaitFailsBacksOffAndGoesOnServing(ModelKind model, TransportKind transport) throws Exception {
        assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
        var server = start(model, transport, TransportConfig.defaults());
        try (var before = connect(server.port())) {
            echoes(before, "before");
            Faults.inject(new Rule(Call.EPOLL_WAIT, 12, Faults.When.FROM, 1, Faults.ANY));
            // an idle loop sits in an epoll_wait begun before the rule, with no timeout: a message wakes the one
            // serving this connection, and its next wait fails; the reply may come now or once waiting works again
            var during = "sent during the failures".getBytes(StandardCharsets.US_ASCII);
            before.write(ByteBuffer.wrap(during));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Faults.fired(Call.EPOLL_WAIT) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(Faults.fired(Call.EPOLL_WAIT)).as("waits failed").isGreaterThanOrEqualTo(3);
            Thread.sleep(300); // the back-off grows towards 100 ms
            Faults.clear();
            assertThat(new String(readExactly(before, during.length), StandardCharsets.US_ASCII))
                    .isEqualTo("sent during the failures");
            stillServes(server, before);
        }
    }

    /**
     * recv failing (ECONNRESET) on one connection, and the SO_LINGER of its abortive close failing too (EINVAL): that
     * connection is closed all the same (a FIN where the reset could not be set up) and its descriptor given back;
     * the other connections and new ones are served.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aConnectionWhoseReadFailsIsClosedEvenWhenItsResetCannotBeSetUp(ModelKind model, TransportKind transport)
            throws Exception {
        closesOnlyTheConnectionItHits(model, transport, () -> {
            assertThat(Faults.fired(Call.RECV)).isEqualTo(1);
            assertThat(Faults.fired(Call.SETSOCKOPT)).as("the abortive close tried SO_LINGER 0").isEqualTo(1);
        }, Rule.once(Call.RECV, 104), Rule.once(Call.SETSOCKOPT, 22).onlyDetail(Libc.SO_LINGER));
    }

    /** send and writev failing (EPIPE) on the reply: that connection is closed, the others are served. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aConnectionWhoseWriteFailsIsClosedAndTheOthersAreServed(ModelKind model, TransportKind transport) throws Exception {
        closesOnlyTheConnectionItHits(model, transport,
                () -> assertThat(Faults.fired(Call.SEND) + Faults.fired(Call.WRITEV)).isEqualTo(1),
                Rule.once(Call.SEND, 32), Rule.once(Call.WRITEV, 32));
    }

    /**
     * With {@code rules} installed, a message on one of two open connections: that connection is closed (what fired
     * checked by {@code fired}) and its descriptor given back; the other one and a new one are served.
     */
    private void closesOnlyTheConnectionItHits(ModelKind model, TransportKind transport, Runnable fired, Rule... rules)
            throws Exception {
        assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
        var server = start(model, transport, TransportConfig.defaults());
        try (var other = connect(server.port())) {
            echoes(other, "other");
            int descriptors = TestSockets.openDescriptors();
            try (var failing = connect(server.port())) {
                echoes(failing, "before");
                for (var r : rules) {
                    Faults.inject(r);
                }
                failing.write(ByteBuffer.wrap("lost".getBytes(StandardCharsets.US_ASCII)));
                assertThat(endsWithoutAReply(failing)).as("the connection whose call failed is closed").isTrue();
            }
            fired.run();
            stillServes(server, other);
            awaitConnections(server, 1);
            assertThat(TestSockets.openDescriptors()).as("the failed connection's descriptor given back")
                    .isLessThanOrEqualTo(descriptors);
        }
    }

    /**
     * accept4 failing (ENOBUFS) makes the acceptor stop listening for a moment; when the kernel then refuses to watch
     * the listener again (epoll_ctl ADD: ENOMEM), it retries with a growing back-off, and the client waiting in the
     * backlog is served once the kernel agrees. The listener used to stay unwatched for good: no connection was
     * accepted again.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("loopModelsOnEpoll")
    void aListenerTheKernelWillNotWatchAgainIsRetriedUntilItIs(ModelKind model, TransportKind transport) throws Exception {
        assumeTrue(Libc.AVAILABLE, Libc.UNAVAILABLE_REASON);
        var server = start(model, transport, TransportConfig.defaults());
        try (var before = connect(server.port())) {
            echoes(before, "before");
            echoes(before, "registered");
            Faults.inject(Rule.once(Call.ACCEPT4, 105));
            Faults.inject(new Rule(Call.EPOLL_CTL, 12, Faults.When.FROM, 1, Faults.ANY).onlyDetail(Libc.EPOLL_CTL_ADD));
            try (var waiting = connect(server.port())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (Faults.fired(Call.EPOLL_CTL) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(Faults.fired(Call.ACCEPT4)).isEqualTo(1);
                assertThat(Faults.fired(Call.EPOLL_CTL)).as("the listener's re-add refused, and tried again").isGreaterThanOrEqualTo(3);
                Faults.clear();
                echoes(waiting, "accepted once the listener is watched again");
            }
            echoes(before, "the open connection, after");
        }
    }

    /**
     * A TLS engine that does not start gives back the accepted descriptor and its connection slot: with a limit of
     * one connection, the next client is still served (it used to be refused, its slot held by a leaked socket).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#loopModels")
    void aTlsEngineThatDoesNotStartLeaksNeitherTheDescriptorNorTheSlot(ModelKind model, TransportKind transport)
            throws Exception {
        var tls = TlsConfig.of(TestTls.KEYS.context());
        var server = start(model, transport, TransportConfig.defaults().withTls(tls).withMaxConnections(1));
        var client = TestTls.clientContext();
        try (var s = TestTls.connect(client, server.port())) {
            assertThat(TestTls.echo(s, "warm")).isEqualTo("warm"); // the accept and handshake paths have run once
        }
        awaitNoConnections(server);
        int descriptors = TestSockets.openDescriptors();
        Faults.inject(Rule.once(Call.TLS_START, 12));
        try (var s = TestTls.connect(client, server.port())) {
            s.setSoTimeout(10_000);
            boolean failed;
            try {
                s.startHandshake();
                failed = s.getInputStream().read() < 0;
            } catch (IOException e) {
                failed = true;
            }
            assertThat(failed).as("the handshake of the engine that did not start fails").isTrue();
        }
        assertThat(Faults.fired(Call.TLS_START)).isEqualTo(1);
        assertThat(server.stats().tls().failed()).as("counted as a failed handshake").isEqualTo(1);
        try (var s = TestTls.connect(client, server.port())) {
            assertThat(TestTls.echo(s, "after")).as("the one slot was given back").isEqualTo("after");
        }
        awaitNoConnections(server);
        assertThat(TestSockets.openDescriptors()).as("no descriptor kept").isLessThanOrEqualTo(descriptors);
    }

    /**
     * A TLS stream cut short by the client (a FIN without close_notify), inside a handshake record and inside a record
     * of application data: the server closes that connection, gives back its descriptor and its slot (a limit of
     * one connection, so a slot kept would refuse the next client), counts the cut handshake as failed, and serves
     * the next client.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("io.shardloop.testkit.ModelsOnTransports#loopModels")
    void aTruncatedTlsStreamEndsItsConnectionAndLeaksNothing(ModelKind model, TransportKind transport) throws Exception {
        var tls = TlsConfig.of(TestTls.KEYS.context());
        var server = start(model, transport, TransportConfig.defaults().withTls(tls).withMaxConnections(1));
        var client = TestTls.clientContext();
        try (var s = TestTls.connect(client, server.port())) {
            assertThat(TestTls.echo(s, "warm")).isEqualTo("warm");
        }
        awaitNoConnections(server);
        int descriptors = TestSockets.openDescriptors();
        long failed = server.stats().tls().failed();
        try (var raw = rawConnect(server.port())) {
            // a handshake record that announces 512 bytes and brings 16
            raw.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            raw.getOutputStream().write(new byte[16]);
            raw.shutdownOutput();
            assertThat(endsWithin(raw.getInputStream())).as("a cut handshake is closed").isTrue();
        }
        awaitNoConnections(server);
        assertThat(server.stats().tls().failed() - failed).as("counted as a failed handshake").isEqualTo(1);
        try (var raw = rawConnect(server.port())) {
            var s = TestTls.over(client, raw, false);
            assertThat(TestTls.echo(s, "whole")).isEqualTo("whole");
            // an application data record that announces 256 bytes and brings 20, under the TLS layer's feet
            raw.getOutputStream().write(new byte[] {0x17, 0x03, 0x03, 0x01, 0x00});
            raw.getOutputStream().write(new byte[20]);
            raw.shutdownOutput();
            assertThat(endsWithin(raw.getInputStream())).as("a record cut short is closed").isTrue();
        }
        awaitNoConnections(server);
        try (var s = TestTls.connect(client, server.port())) {
            assertThat(TestTls.echo(s, "after")).as("the one slot was given back").isEqualTo("after");
        }
        awaitNoConnections(server);
        assertThat(TestSockets.openDescriptors()).as("no descriptor kept").isLessThanOrEqualTo(descriptors);
    }

    private static Socket rawConnect(int port) throws IOException {
        var raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        raw.setSoTimeout(10_000);
        return raw;
    }

    /** Reads to the end (an alert may come first): true when the server closed it (FIN or reset) within 10 s. */
    private static boolean endsWithin(InputStream in) throws IOException {
        var buf = new byte[1024];
        try {
            while (in.read(buf) >= 0) {
                // the server's alert, if it sends one
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** With the faults cleared, the open connection and a new one are served. */
    private static void stillServes(Server server, SocketChannel open) throws IOException {
        Faults.clear();
        echoes(open, "the open connection, after");
        try (var after = connect(server.port())) {
            echoes(after, "a new connection");
        }
    }

    private static void echoes(SocketChannel ch, String what) throws IOException {
        var bytes = what.getBytes(StandardCharsets.US_ASCII);
        ch.write(ByteBuffer.wrap(bytes));
        assertThat(new String(readExactly(ch, bytes.length), StandardCharsets.US_ASCII)).as(what).isEqualTo(what);
    }

    /**
     * Reads, sending nothing (a request already there would be served as the connection opens, before it needs the
     * kernel's set): true when the server closed it (FIN or reset) within 10 s.
     */
    private static boolean endsWithoutAReply(SocketChannel ch) throws IOException {
        try (var s = ch.socket()) {
            s.setSoTimeout(10_000);
            try {
                InputStream in = s.getInputStream();
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false; // neither served nor closed: deaf
            } catch (IOException e) {
                return true; // reset
            }
        }
    }

    private static long registrationFailures(Server server) {
        return server.stats().loops().stream().mapToLong(LoopStats::registrationFailures).sum();
    }

    private static void awaitNoConnections(Server server) throws InterruptedException {
        awaitConnections(server, 0);
    }

    private static void awaitConnections(Server server, long active) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.stats().connectionsActive() > active && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(server.stats().connectionsActive()).isEqualTo(active);
    }
}
