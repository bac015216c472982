package io.shardloop.lab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Free loopback ports and waiting for a port to open. Stateless; any thread. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago (bound to 0 and released). */
    public static int free() {
        try (var s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until 127.0.0.1:port accepts a connection, the process dies, or the timeout passes. */
    public static boolean await(int port, Process owner, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (owner != null && !owner.isAlive()) {
                return false;
            }
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        return false;
    }
}
