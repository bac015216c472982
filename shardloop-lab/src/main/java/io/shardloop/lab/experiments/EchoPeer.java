package io.shardloop.lab.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The smallest echo server that can measure a path: a blocking accept loop and a platform thread per connection
 * copying bytes back. Used by {@code shardloop lab ceiling} (in a child JVM pinned to the server CPUs) to find
 * the packet rate the loopback path and the kernel allow, with no framework in the way. Prints its port, then
 * runs until killed.
 */
public final class EchoPeer {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        try (var server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
            System.out.println("listening " + server.getLocalPort());
            System.out.flush();
            while (true) {
                var socket = server.accept();
                Thread.ofPlatform().name("echo-" + socket.getPort()).daemon().start(() -> echo(socket));
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            socket.setTcpNoDelay(true);
            var buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
