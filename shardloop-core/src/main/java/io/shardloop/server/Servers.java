package io.shardloop.server;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.model.internal.ConnectionThreadModel;
import io.shardloop.model.internal.MainSubModel;
import io.shardloop.model.internal.MainSubWorkersModel;
import io.shardloop.model.internal.ReactorWorkersModel;
import io.shardloop.model.internal.SharedEpollModel;
import io.shardloop.model.internal.SharedNothingModel;
import io.shardloop.model.internal.SingleReactorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Starts a server under the configured threading model. Thread contract: any thread. */
public final class Servers {
    private Servers() {
    }

    /**
     * Binds, starts the model's threads and returns the running server. The same codec factory and handler
     * serve under every model.
     *
     * @throws UncheckedIOException when the port cannot be bound (in use, no permission, bad host)
     */
    public static <I, O> Server start(ServerConfig config, CodecFactory<I, O> codecs, Handler<I, O> handler) {
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(handler, "handler");
        try {
            return switch (config.model()) {
                case THREAD_PER_CONNECTION, VIRTUAL_THREADS ->
                        ConnectionThreadModel.start(config.model(), config, codecs, handler);
                case SINGLE_REACTOR -> SingleReactorModel.start(config, codecs, handler);
                case REACTOR_WORKERS -> ReactorWorkersModel.start(config, codecs, handler);
                case MAIN_SUB -> MainSubModel.start(config, codecs, handler);
                case MAIN_SUB_WORKERS -> MainSubWorkersModel.start(config, codecs, handler);
                case SHARED_NOTHING -> SharedNothingModel.start(config, codecs, handler);
                case SHARED_EPOLL -> SharedEpollModel.start(config, codecs, handler);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A single-reactor server on one loop thread of its own, named {@code loopName} and reported with stats role
     * {@code role}: the admin listener ({@code shardloop-admin}, {@code admin}), kept apart from the data loops.
     * The model in {@code config} is ignored.
     */
    public static <I, O> Server startSingleLoop(String loopName, String role, ServerConfig config,
                                                CodecFactory<I, O> codecs, Handler<I, O> handler) {
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(handler, "handler");
        try {
            return SingleReactorModel.startOneLoop(ModelKind.SINGLE_REACTOR, config, codecs, handler, loopName, role);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
    }
}
