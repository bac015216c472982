package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import java.io.IOException;

/** {@code main-sub-workers}: main-sub for IO, with handlers on a worker pool (replies return to the sub-loop). */
public final class MainSubWorkersModel {
    private MainSubWorkersModel() {
    }

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        return MainSubModel.start(ModelKind.MAIN_SUB_WORKERS, c, codecs, handler);
    }
}
