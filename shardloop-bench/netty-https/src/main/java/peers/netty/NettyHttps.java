package peers.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * Netty 4.2 HTTPS peer for GET /plaintext: an {@code SslHandler} on the JDK provider (the same SSLEngine Shardloop
 * uses, so the comparison is of the servers, not of TLS libraries) in front of the HTTP codec; one response per
 * request, flushed once per read batch; honours Connection: close. Certificate and key are PEM files (PKCS#8 key),
 * made by the benchmark script at run time.
 *
 * Usage: java -jar netty-https.jar --cert cert.pem --key key.pem [--host 127.0.0.1] [--port 8443]
 *                                  [--transport epoll|nio] [--threads 1]
 */
public final class NettyHttps {

    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final AsciiString LENGTH = AsciiString.cached(String.valueOf(BODY.length));

    @ChannelHandler.Sharable
    static final class Plaintext extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest req)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                boolean found = "/plaintext".equals(req.uri());
                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        found ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                        found ? Unpooled.wrappedBuffer(BODY) : Unpooled.EMPTY_BUFFER);
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                        .set(HttpHeaderNames.CONTENT_LENGTH, found ? LENGTH : HttpHeaderValues.ZERO);
                if (HttpUtil.isKeepAlive(req)) {
                    ctx.write(res, ctx.voidPromise());
                } else {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8443;
        String transport = "epoll";
        int threads = 1;
        File cert = null;
        File key = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--transport" -> transport = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--cert" -> cert = new File(args[++i]);
                case "--key" -> key = new File(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("--cert and --key (PEM files) are required");
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        SslContext tls = SslContextBuilder.forServer(cert, key).sslProvider(SslProvider.JDK).build();
        IoHandlerFactory io;
        Class<? extends ServerChannel> channel;
        switch (transport) {
            case "epoll" -> {
                Epoll.ensureAvailability();
                io = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
            }
            case "nio" -> {
                io = NioIoHandler.newFactory();
                channel = NioServerSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("--transport accepts epoll or nio, got " + transport);
        }
        var group = new MultiThreadIoEventLoopGroup(threads, io);
        var handler = new Plaintext();
        var bootstrap = new ServerBootstrap().group(group).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the handshake's delegated tasks run on the loop (Netty's default): as a loop server does
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("http", new HttpServerCodec())
                                .addLast("handler", handler);
                    }
                });
        var listener = bootstrap.bind(host, port).sync().channel();
        System.out.printf("netty-https provider=JDK transport=%s threads=%d host=%s port=%d java=%s%n", transport,
                threads, host, port, System.getProperty("java.version"));
        System.out.flush();
        try {
            listener.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
