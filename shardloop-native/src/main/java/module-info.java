/**
 * Shardloop's one binding layer to the C library through the FFM API (sockets, epoll, eventfd), shared by the
 * server's epoll transport and the load generator. Callers need native access granted to this module
 * ({@code --enable-native-access=io.shardloop.nativeio}, or {@code ALL-UNNAMED} on the class path).
 */
module io.shardloop.nativeio {
    exports io.shardloop.nativeio;
}
