/**
 * The server core: codecs, executors, the threading models, transports and their figures. A user's program needs
 * {@code io.shardloop.server} (Servers), {@code io.shardloop.model} (ServerConfig, ModelKind, Server),
 * {@code io.shardloop.codec} (Codec, Handler) and the settings in {@code io.shardloop.transport} and
 * {@code io.shardloop.exec}. The models and the transports themselves ({@code io.shardloop.model.internal},
 * {@code io.shardloop.transport.internal} and its packages, one per mechanism) are not exported: no other module,
 * http included, needs them, so they can change without breaking a user's build.
 */
module io.shardloop.core {
    requires transitive io.shardloop.nativeio;
    // HdrHistogram's jar names no module: its automatic name comes from the file name
    requires HdrHistogram;
    // optional: PEM private keys and the throw-away certificate of --tls-self-signed (see tls.BouncyCastle)
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;

    exports io.shardloop.codec;
    exports io.shardloop.codec.echo;
    exports io.shardloop.exec;
    exports io.shardloop.model;
    exports io.shardloop.server;
    exports io.shardloop.stats;
    exports io.shardloop.tls;
    exports io.shardloop.transport;
}
