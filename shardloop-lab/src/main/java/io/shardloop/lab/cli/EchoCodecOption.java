package io.shardloop.lab.cli;

import io.shardloop.codec.echo.EchoFraming;
import picocli.CommandLine.Option;

/**
 * {@code --echo-codec} of {@code serve} and {@code load}: one declaration, so that both take the same names
 * through the same parser and agree by default. A picocli mixin; the CLI's main thread.
 */
final class EchoCodecOption {

    @Option(names = "--echo-codec", paramLabel = "C", defaultValue = "stream", converter = CliConverters.Framing.class,
            description = "echo framing: stream (raw bytes) or frame (4-byte big-endian length + payload); "
                    + "serve and load must agree (default: ${DEFAULT-VALUE})")
    EchoFraming framing;
}
