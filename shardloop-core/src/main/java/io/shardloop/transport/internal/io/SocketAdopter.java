package io.shardloop.transport.internal.io;

/**
 * Where sockets handed to a loop by another ({@code EventLoop#handOff}) become connections of that loop.
 * Thread contract: the receiving loop's thread.
 */
public interface SocketAdopter {
    /** Makes {@code socket} a connection of this loop (or closes it, if the loop is draining). */
    void adopt(StreamSocket socket);

    /** The loop is stopping before {@code socket} was adopted: close it and give back what it held. */
    void drop(StreamSocket socket);
}
