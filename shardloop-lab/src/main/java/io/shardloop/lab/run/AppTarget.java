package io.shardloop.lab.run;

import java.nio.file.Path;

/**
 * A user's application under test ({@code advise}): the jar the server serves, and the load it gets instead of a
 * built-in endpoint. Immutable.
 *
 * @param jar       the application's jar ({@code serve --app-jar})
 * @param appClass  its {@code ShardloopApp} class, or null for the one the jar declares
 * @param requests  the requests file the load generator sends ({@code load --requests})
 * @param rate      total requests per second (fixed rate, corrected latency), or 0 for the closed loop
 */
public record AppTarget(Path jar, String appClass, Path requests, double rate) {

    public boolean fixedRate() {
        return rate > 0;
    }
}
