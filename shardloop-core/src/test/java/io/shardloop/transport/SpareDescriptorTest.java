package io.shardloop.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpareDescriptorTest {

    @Test
    void shedAcceptsAndClosesThePendingConnectionAndKeepsOneSpare() throws Exception {
        try (var listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             var spare = new SpareDescriptor()) {
            int fds = openDescriptors();
            try (var client = SocketChannel.open(listener.getLocalAddress())) {
                assertThat(spare.shed(listener)).isTrue();
                assertThat(client.read(ByteBuffer.allocate(1))).as("the pending client sees a close").isEqualTo(-1);
            }
            assertThat(openDescriptors()).as("spare reopened, dropped connection closed").isEqualTo(fds);
        }
    }

    @Test
    void recognisesOutOfDescriptorErrors() {
        assertThat(SpareDescriptor.isOutOfDescriptors(new IOException("Too many open files"))).isTrue();
        assertThat(SpareDescriptor.isOutOfDescriptors(new IOException("Connection reset"))).isFalse();
    }

    private static int openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }
}
