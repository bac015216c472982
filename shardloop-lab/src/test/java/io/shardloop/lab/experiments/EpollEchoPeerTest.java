package io.shardloop.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.Ports;
import io.shardloop.nativeio.Libc;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The calibration's server: every byte of every connection comes back in order, pipelined batches included. */
@Timeout(60)
class EpollEchoPeerTest {

    @TempDir
    Path dir;

    @Test
    void echoesEveryConnectionsBytesInOrderOnTwoLoops() throws Exception {
        assumeTrue(Libc.AVAILABLE, () -> "needs epoll through FFM: " + Libc.UNAVAILABLE_REASON);
        int port = Ports.free();
        var peer = ChildJvm.start(ChildJvm.command(List.of(), List.of(), EpollEchoPeer.class.getName(),
                List.of(Integer.toString(port), "2")), dir.resolve("peer.log"));
        try {
            assertThat(Ports.await(port, peer, 30_000)).as("the echo opened its port").isTrue();
            var sockets = new ArrayList<Socket>();
            for (int i = 0; i < 8; i++) {
                var s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(5_000);
                sockets.add(s);
            }
            var random = new Random(15);
            for (int round = 0; round < 20; round++) {
                for (var s : sockets) {
                    var batch = new byte[16 * 64]; // 16 messages in flight, as the pipelined test sends them
                    random.nextBytes(batch);
                    s.getOutputStream().write(batch);
                    assertThat(s.getInputStream().readNBytes(batch.length)).isEqualTo(batch);
                }
            }
            for (var s : sockets) {
                s.close();
            }
            assertThat(peer.isAlive()).as("closed connections do not take the loops down").isTrue();
        } finally {
            ChildJvm.stop(peer, 5_000);
        }
    }
}
