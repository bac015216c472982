package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import java.io.IOException;

/**
 * {@code reactor-workers}: one loop accepts and does all IO; handlers run on a worker pool and their replies
 * return to the loop through its task queue, leaving in request order.
 */
public final class ReactorWorkersModel {
    private ReactorWorkersModel() {
    }

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        return SingleReactorModel.startOneLoop(ModelKind.REACTOR_WORKERS, c, codecs, handler);
    }
}
