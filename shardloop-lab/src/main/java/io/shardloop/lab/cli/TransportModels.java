package io.shardloop.lab.cli;

import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The models a run asks for on a transport: by default all that run on it; one line where an asked one cannot. */
final class TransportModels {

    static final String DEFAULT_DESCRIPTION = "all eight; shared-epoll only where the transport is epoll";

    private TransportModels() {
    }

    /** {@code asked} null means the default. Throws a {@link ParameterException} naming the flag. */
    static List<ModelKind> resolve(CommandLine cli, TransportKind transport, List<ModelKind> asked) {
        boolean epoll;
        try {
            epoll = transport.resolve() == TransportKind.EPOLL;
        } catch (IllegalStateException e) {
            throw new ParameterException(cli, e.getMessage());
        }
        var models = asked != null ? asked
                : Arrays.stream(ModelKind.values()).filter(m -> epoll || !m.needsEpoll()).toList();
        if (!epoll && models.stream().anyMatch(ModelKind::needsEpoll)) {
            throw new ParameterException(cli, "--models shared-epoll needs the epoll transport, not "
                    + transport.resolve().cliName());
        }
        return models.stream().distinct().toList();
    }
}
