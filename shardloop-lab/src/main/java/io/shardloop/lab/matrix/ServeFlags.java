package io.shardloop.lab.matrix;

import io.shardloop.lab.cli.Main;

/**
 * Which flags this build's {@code shardloop serve} accepts, read from the CLI's own picocli model, so the lab
 * passes only flags the server understands. Stateless; any thread.
 */
public final class ServeFlags {

    private ServeFlags() {
    }

    public static boolean has(String flag) {
        var serve = Main.commandLine().getSubcommands().get("serve");
        return serve != null && serve.getCommandSpec().findOption(flag) != null;
    }
}
