package io.shardloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.codec.echo.EchoHandler;
import io.shardloop.codec.echo.FrameEchoCodec;
import io.shardloop.server.Servers;
import io.shardloop.stats.LoopStats;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SharedNothingTest {

    @Test
    void everyLoopListensOnTheSamePortAndMoreThanOneServes() throws Exception {
        var config = ServerConfig.builder().port(0).model(ModelKind.SHARED_NOTHING).threads(4).build();
        try (var server = Servers.start(config, FrameEchoCodec::new, EchoHandler.INSTANCE)) {
            assertThat(listenersOn(server.port())).as("listening sockets on the port").isEqualTo(4);
            var clients = new ArrayList<SocketChannel>();
            try {
                var req = TestSockets.frame(new byte[] {1, 2, 3});
                for (int i = 0; i < 64; i++) {
                    var ch = TestSockets.connect(server.port());
                    clients.add(ch);
                    ch.write(ByteBuffer.wrap(req));
                    assertThat(TestSockets.readExactly(ch, req.length)).isEqualTo(req);
                }
                var loops = server.stats().loops();
                assertThat(loops).hasSize(4).allMatch(l -> l.name().startsWith("shardloop-loop-"));
                assertThat(loops.stream().mapToLong(LoopStats::connectionsAccepted).sum()).isEqualTo(64);
                assertThat(loops.stream().mapToInt(LoopStats::connectionsActive).sum()).isEqualTo(64);
                assertThat(loops.stream().filter(l -> l.messages() > 0).count())
                        .as("loops serving traffic; per-loop connections %s",
                                loops.stream().map(LoopStats::connectionsAccepted).toList())
                        .isGreaterThan(1);
            } finally {
                for (var c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Listening TCP sockets on {@code port} from /proc/net/tcp and tcp6 (state 0A = LISTEN). */
    private static long listenersOn(int port) throws Exception {
        var hexPort = String.format("%04X", port);
        var p = Pattern.compile("^\\s*\\d+: [0-9A-F]+:" + hexPort + " [0-9A-F]+:0000 0A ");
        long n = 0;
        for (var f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            n += Files.readAllLines(Path.of(f)).stream().filter(l -> p.matcher(l).find()).count();
        }
        return n;
    }
}
