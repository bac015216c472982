package io.shardloop.codec.echo;

import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;

/** Replies with the message itself (no copy: on loop models the reply is encoded while the flyweight is valid). Any thread. */
public final class EchoHandler implements Handler<EchoMessage, EchoMessage> {
    public static final EchoHandler INSTANCE = new EchoHandler();

    private EchoHandler() {
    }

    @Override
    public EchoMessage handle(EchoMessage message, Exchange<EchoMessage> exchange) {
        return message;
    }
}
