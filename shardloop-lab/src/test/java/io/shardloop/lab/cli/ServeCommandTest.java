package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@Tag("slow")
class ServeCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLineError(Run r, String... mentions) {
        assertThat(r.exit()).isNotZero();
        assertThat(r.err().strip().lines().count()).as("error lines in %s", r.err()).isEqualTo(1);
        for (var m : mentions) {
            assertThat(r.err()).contains(m);
        }
    }

    @Test
    void unknownModelNamesTheFlagAndTheChoices() {
        assertOneLineError(run("serve", "--model", "fork-per-request", "--port", "0"),
                "--model", "fork-per-request", "single-reactor", "shared-nothing");
    }

    @Test
    void transportAndBalanceFlagsNameWhatTheyAccept() {
        assertOneLineError(run("serve", "--transport", "io_uring", "--port", "0"), "--transport", "io_uring", "epoll", "nio");
        assertOneLineError(run("serve", "--dispatch", "random", "--port", "0"), "--dispatch", "least-connections");
        assertOneLineError(run("serve", "--reuseport-balance", "rss", "--port", "0"), "--reuseport-balance", "hash", "cpu");
        assertOneLineError(run("serve", "--model", "shared-nothing", "--transport", "nio", "--reuseport-balance", "cpu",
                "--port", "0", "--no-admin"), "--reuseport-balance cpu", "epoll");
        assertOneLineError(run("serve", "--transport", "nio", "--defer-accept", "--port", "0", "--no-admin"),
                "--defer-accept", "epoll");
        assertOneLineError(run("serve", "--model", "virtual-threads", "--defer-accept", "--port", "0", "--no-admin"),
                "--defer-accept", "virtual-threads");
    }

    @Test
    void aChoiceTheModelDoesNotMakeIsRefusedNotIgnored() {
        assertOneLineError(run("serve", "--model", "single-reactor", "--dispatch", "least-connections", "--port", "0",
                "--no-admin"), "--dispatch", "main-sub", "single-reactor");
        assertOneLineError(run("serve", "--model", "main-sub", "--reuseport-balance", "cpu", "--port", "0", "--no-admin"),
                "--reuseport-balance", "shared-nothing", "main-sub");
    }

    /** A system call the machine refuses at start is named with its errno; the port is not blamed. */
    @Test
    void aServerThatCannotStartNamesTheCallNotThePort() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.shardloop.nativeio.Libc.AVAILABLE, "needs the epoll transport");
        io.shardloop.nativeio.Faults.inject(io.shardloop.nativeio.Faults.Rule.once(
                io.shardloop.nativeio.Faults.Call.EPOLL_CREATE1, io.shardloop.nativeio.Libc.EMFILE));
        try {
            var r = run("serve", "--model", "single-reactor", "--transport", "epoll", "--port", "0", "--no-admin");
            assertOneLineError(r, "could not start", "epoll_create1", "EMFILE");
            assertThat(r.err()).doesNotContain("--port");
        } finally {
            io.shardloop.nativeio.Faults.clear();
        }
    }

    @Test
    void nonPositiveThreadsAreRefused() {
        assertOneLineError(run("serve", "--threads", "0", "--port", "0"), "--threads", ">= 1");
        assertOneLineError(run("serve", "--threads", "-3", "--port", "0"), "--threads");
        assertOneLineError(run("serve", "--threads", "many", "--port", "0"), "--threads", "not a number");
    }

    @Test
    void badPortsAreRefused() {
        assertOneLineError(run("serve", "--port", "70000"), "--port", "0..65535");
        assertOneLineError(run("serve", "--port", "http"), "--port", "0..65535");
        assertOneLineError(run("serve", "--port", "-1"), "--port");
    }

    @Test
    void portInUseIsOneClearLine() throws Exception {
        try (var taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            assertOneLineError(run("serve", "--port", String.valueOf(port)), "--port " + port, "in use");
        }
    }

    @Test
    void unknownProtocolAndCodecAreRefused() {
        assertOneLineError(run("serve", "--protocol", "gopher", "--port", "0"), "--protocol", "http, echo");
        assertOneLineError(run("serve", "--echo-codec", "lines", "--port", "0"), "--echo-codec", "stream, frame");
        assertOneLineError(run("serve", "--executor", "cron", "--port", "0"), "--executor", "global-queue");
    }

    /** The real thing: a separate JVM serving echo, answering, then stopping gracefully on SIGTERM. */
    @Test
    void servesEchoAndStopsOnSigterm() throws Exception {
        try (var p = ServeProcess.start("--protocol", "echo", "--echo-codec", "frame", "--model", "main-sub",
                "--threads", "2", "--port", "0")) {
            var line = p.readLine();
            assertThat(line).contains("model main-sub").contains("threads 1 main + 2 sub-loop(s)");
            int port = ServeProcess.port(line);
            try (var ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 7, 8}));
                var reply = ByteBuffer.allocate(6);
                while (reply.hasRemaining() && ch.read(reply) >= 0) {
                    // until the echo is back
                }
                assertThat(reply.array()).containsExactly(0, 0, 0, 2, 7, 8);
            }
            p.stopGracefully();
            try (var again = ServerSocketChannel.open()) {
                again.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }
}
