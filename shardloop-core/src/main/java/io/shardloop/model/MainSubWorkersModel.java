package io.shardloop.model;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import java.io.IOException;

/** {@code main-sub-workers}: main-sub for IO, with handlers on a worker pool (replies return to the sub-loop). */
final class MainSubWorkersModel {
    private MainSubWorkersModel() {
    }

    static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        return MainSubModel.start(ModelKind.MAIN_SUB_WORKERS, c, codecs, handler);
    }
}
