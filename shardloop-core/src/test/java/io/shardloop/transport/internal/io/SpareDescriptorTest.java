package io.shardloop.transport.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.transport.TransportKind;
import io.shardloop.transport.internal.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpareDescriptorTest {

    @ParameterizedTest
    @EnumSource(value = TransportKind.class, names = {"NIO", "EPOLL"})
    void shedAcceptsAndClosesThePendingConnectionAndKeepsOneSpare(TransportKind kind) throws Exception {
        try (var listener = Transports.of(kind).listen("127.0.0.1", 0, false, 16);
             var spare = new SpareDescriptor()) {
            int fds = openDescriptors();
            try (var client = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()))) {
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
