package io.shardloop.lab.cli;

import io.shardloop.codec.Protocol;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.http.admin.AdminServer;
import io.shardloop.load.Durations;
import io.shardloop.model.ModelKind;
import io.shardloop.model.ReuseportBalance;
import io.shardloop.model.SubLoopChoice;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.model.Watchdogs;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.TransportKind;
import io.shardloop.http.app.AppLoader;
import io.shardloop.http.app.ShardloopApp;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shardloop serve}: runs a server until SIGINT/SIGTERM, then shuts it down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a protocol under one threading model until interrupted (Ctrl-C / SIGTERM).")
public final class ServeCommand implements Callable<Integer> {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", defaultValue = "echo", converter = CliConverters.Proto.class,
            description = "echo or http (default: ${DEFAULT-VALUE})")
    Protocol protocol;

    @Option(names = "--model", defaultValue = "single-reactor", converter = CliConverters.Model.class,
            description = "threading model: thread-per-connection, virtual-threads, single-reactor, reactor-workers, "
                    + "main-sub, main-sub-workers, shared-nothing (default: ${DEFAULT-VALUE})")
    ModelKind model;

    @Option(names = "--transport", defaultValue = "auto", converter = CliConverters.Transport.class,
            description = "the loop models' sockets: epoll (Linux, FFM), nio (java.nio), or auto: epoll where it runs "
                    + "(default: ${DEFAULT-VALUE})")
    TransportKind transport;

    @Option(names = "--dispatch", defaultValue = "round-robin", converter = CliConverters.Dispatch.class,
            description = "main-sub(-workers): which sub-loop gets a new connection: round-robin, or "
                    + "least-connections (default: ${DEFAULT-VALUE})")
    SubLoopChoice dispatch;

    @Option(names = "--reuseport-balance", defaultValue = "hash", converter = CliConverters.Balance.class,
            description = "shared-nothing: which loop's listener the kernel picks: hash (of addresses and ports), or "
                    + "cpu (the loop of the CPU that took the SYN; epoll; pays with a NIC's RSS and pinned loops, not "
                    + "on loopback) (default: ${DEFAULT-VALUE})")
    ReuseportBalance reuseportBalance;

    @Option(names = "--threads", converter = CliConverters.Positive.class,
            description = "event loops (main-sub: sub-loops; ignored by the connection-thread models) "
                    + "(default: available processors)")
    Integer threads;

    @Option(names = "--workers", converter = CliConverters.Positive.class,
            description = "worker threads of the worker models (default: 2 x available processors)")
    Integer workers;

    @Option(names = "--executor", defaultValue = "global-queue", converter = CliConverters.Executor.class,
            description = "worker executor: global-queue, work-stealing, elastic, virtual (default: ${DEFAULT-VALUE})")
    ExecutorKind executor;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", converter = CliConverters.Port.class,
            description = "port to bind, 0..65535; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Mixin
    EchoCodecOption echoCodec;

    @Mixin
    TlsOptions tlsOptions;

    @Mixin
    TlsResumptionOption tlsResumption;

    @Option(names = "--admin-port", converter = CliConverters.Port.class,
            description = "admin listener (GET /health /metrics /stats /threads) on its own loop thread, "
                    + "0..65535; 0 picks a free one (default: " + AdminServer.DEFAULT_PORT + ", or a free one if busy)")
    Integer adminPort;

    @Option(names = "--no-admin", description = "no admin listener")
    boolean noAdmin;

    @Option(names = "--admin-isolation", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            converter = CliConverters.Bool.class,
            description = "true: /health and /stats only on the admin listener's own loop; false (http only): also "
                    + "on the data port, served by the data loops, to compare (default: ${DEFAULT-VALUE})")
    boolean adminIsolation;

    @Option(names = "--inline", defaultValue = "never", converter = CliConverters.Inline.class,
            description = "worker models: run a handler on the loop instead of a worker: never, adaptive (busy or "
                    + "non-blocking), busy, busy:N (more than N queued tasks), non-blocking (default: ${DEFAULT-VALUE})")
    InlinePolicy inline;

    @Option(names = "--stall", paramLabel = "D", defaultValue = "100ms", converter = DurationConverter.Positive.class,
            description = "watchdog: warn (with the loop's stack) when a loop has not returned to select for this "
                    + "long (default: ${DEFAULT-VALUE})")
    Duration stall;

    @Option(names = "--worker-stall", paramLabel = "D", defaultValue = "1s", converter = DurationConverter.Positive.class,
            description = "watchdog: warn when a worker runs one task this long (default: ${DEFAULT-VALUE})")
    Duration workerStall;

    @Option(names = "--grace", paramLabel = "D", defaultValue = "5s", converter = DurationConverter.Positive.class,
            description = "how long shutdown lets in-flight replies finish (default: ${DEFAULT-VALUE})")
    Duration grace;

    /** What the old whole-number names gave (null: not used): picocli applies the new names' defaults last. */
    private Duration stallMillis;
    private Duration workerStallMillis;
    private Duration graceSeconds;

    @Option(names = "--stall-ms", hidden = true, converter = CliConverters.Positive.class)
    void stallMillis(int millis) {
        Renamed.notice(spec, "--stall-ms", "--stall (a duration, e.g. 100ms)");
        stallMillis = Duration.ofMillis(millis);
    }

    @Option(names = "--worker-stall-ms", hidden = true, converter = CliConverters.Positive.class)
    void workerStallMillis(int millis) {
        Renamed.notice(spec, "--worker-stall-ms", "--worker-stall (a duration, e.g. 1s)");
        workerStallMillis = Duration.ofMillis(millis);
    }

    @Option(names = "--grace-seconds", hidden = true, converter = CliConverters.Positive.class)
    void graceSeconds(int seconds) {
        Renamed.notice(spec, "--grace-seconds", "--grace (a duration, e.g. 5s)");
        graceSeconds = Duration.ofSeconds(seconds);
    }

    @Option(names = "--max-connections", defaultValue = "10000", converter = CliConverters.Positive.class,
            description = "open connections at most; over it a new one gets 503 (http) or is closed at once "
                    + "(default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--defer-accept",
            description = "listeners report a connection only once its first bytes arrived (TCP_DEFER_ACCEPT, "
                    + "nginx's 'deferred'): a short connection is served without entering the loop's epoll set. "
                    + "Client-speaks-first protocols only (a silent connection is accepted about 1 s late); event-loop "
                    + "models on the epoll transport")
    boolean deferAccept;

    @Option(names = "--app-jar", paramLabel = "JAR",
            description = "serve the application in this jar (a ShardloopApp, found by ServiceLoader or --app-class) "
                    + "over HTTP instead of the benchmark endpoints")
    Path appJar;

    @Option(names = "--app-class", paramLabel = "CLASS",
            description = "with --app-jar: the ShardloopApp class to serve (default: the one the jar declares in "
                    + "META-INF/services)")
    String appClass;

    /** --stall, or what the old --stall-ms gave. */
    Duration stall() {
        return stallMillis != null ? stallMillis : stall;
    }

    /** --worker-stall, or what the old --worker-stall-ms gave. */
    Duration workerStall() {
        return workerStallMillis != null ? workerStallMillis : workerStall;
    }

    /** --grace, or what the old --grace-seconds gave. */
    Duration grace() {
        return graceSeconds != null ? graceSeconds : grace;
    }

    @Override
    public Integer call() throws Exception {
        refuseUnusedChoice("--dispatch", model == ModelKind.MAIN_SUB || model == ModelKind.MAIN_SUB_WORKERS,
                "main-sub and main-sub-workers, whose main loop hands connections to sub-loops");
        refuseUnusedChoice("--reuseport-balance", model == ModelKind.SHARED_NOTHING,
                "shared-nothing, whose loops each listen on the port");
        var tls = tls();
        var config = ServerConfig.builder().host(host).port(port).model(model)
                .threads(threads == null ? CPUS : threads)
                .workers(workers == null ? 2 * CPUS : workers)
                .executor(executor).inline(inline).transport(transport)
                .subLoopChoice(dispatch).reuseportBalance(reuseportBalance).shutdownGrace(grace())
                .transport(TransportConfig.defaults().withMaxConnections(maxConnections).withTls(tls)
                        .withDeferAccept(deferAccept)).build();
        if (!adminIsolation && protocol != Protocol.HTTP) {
            throw new ParameterException(spec.commandLine(), "--admin-isolation=false needs --protocol http "
                    + "(the data port then answers GET /health and GET /stats itself)");
        }
        try {
            transport.resolve();
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var app = app();
        Server started = null;
        try {
            started = ProtocolServers.start(protocol, config, new ProtocolServers.Options(echoCodec.framing,
                    !adminIsolation, app == null ? null : app.routes()));
        } catch (UncheckedIOException e) {
            throw startFailure(e, "--port " + port, "(is another server listening there?)");
        } catch (UnsupportedOperationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } finally {
            if (started == null) {
                stopApp(app);
            }
        }
        var server = started;
        var watchdog = new StallWatchdog(new StallWatchdog.Config(stall(), workerStall(), StallWatchdog.Config.defaults().pollInterval()));
        Watchdogs.watch(watchdog, server);
        AdminServer admin;
        try {
            admin = noAdmin ? null : startAdmin(server, watchdog);
        } catch (UncheckedIOException e) {
            server.shutdown(Duration.ZERO);
            watchdog.close();
            stopApp(app);
            throw startFailure(e, "--admin-port " + adminPort, "(use another port, 0, or --no-admin)");
        }
        var grace = config.shutdownGrace();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shardloop-shutdown").unstarted(() -> {
            boolean clean = server.shutdown(grace);
            if (admin != null) {
                admin.close();
            }
            watchdog.close();
            stopApp(app);
            System.err.println("shardloop: stopped" + (clean ? "" : " (connections still open after "
                    + Durations.format(grace) + " were closed)"));
        }));
        var out = spec.commandLine().getOut();
        out.printf("shardloop: serving %s%s on %s:%d, model %s, transport %s, threads %s%n",
                app != null ? "http (" + app.getClass().getName() + " from " + appJar + ")" : protocol,
                protocol == Protocol.ECHO ? " (" + echoCodec.framing + ")" : "", host, server.port(), model,
                server.transport() + (deferAccept ? " (deferred accept)" : ""), describeThreads(config, server));
        if (tls != null) {
            out.printf("shardloop: TLS %s%n", tls.describe());
        }
        if (admin != null) {
            out.printf("shardloop: admin on http://%s:%d (/health /metrics /stats /threads), thread %s%n", host,
                    admin.port(), AdminServer.THREAD_NAME);
        }
        out.flush();
        server.awaitTermination();
        return 0;
    }

    /** The application of --app-jar, started; null without it. --app-jar implies --protocol http. */
    private ShardloopApp app() {
        if (appJar == null) {
            if (appClass != null) {
                throw new ParameterException(spec.commandLine(), "--app-class needs --app-jar");
            }
            return null;
        }
        var parse = spec.commandLine().getParseResult();
        if (parse != null && parse.hasMatchedOption("--protocol") && protocol != Protocol.HTTP) {
            throw new ParameterException(spec.commandLine(), "--app-jar serves HTTP: drop --protocol " + protocol);
        }
        protocol = Protocol.HTTP;
        ShardloopApp app;
        try {
            app = AppLoader.load(appJar, appClass);
        } catch (IllegalArgumentException e) {
            var m = e.getMessage();
            throw new ParameterException(spec.commandLine(), m.startsWith("--") ? m : "--app-jar " + m);
        }
        var thread = Thread.currentThread();
        var previous = thread.getContextClassLoader();
        thread.setContextClassLoader(app.getClass().getClassLoader()); // libraries that look services up there
        try {
            app.start();
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), "--app-jar: " + app.getClass().getName()
                    + ".start() failed: " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return app;
    }

    /** A flag given to a model that has nothing for it to choose: refused in one line rather than ignored. */
    private void refuseUnusedChoice(String flag, boolean used, String who) {
        var parsed = spec.commandLine().getParseResult();
        if (!used && parsed != null && parsed.hasMatchedOption(flag)) {
            throw new ParameterException(spec.commandLine(), flag + " applies to " + who + "; --model " + model.cliName()
                    + " has nothing for it to choose");
        }
    }

    /**
     * A server that did not start: the address's fault ({@link java.net.BindException}: in use, not this host's)
     * names the flag; anything else (epoll_create1, eventfd, a descriptor limit) names the call and its errno, since
     * another port would not help.
     */
    private RuntimeException startFailure(UncheckedIOException e, String flag, String hint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return new ParameterException(spec.commandLine(), flag + " on " + host + " cannot be used: "
                        + t.getMessage() + " " + hint);
            }
        }
        return new CommandFailure("the server could not start: " + e.getCause().getMessage(), e);
    }

    private static void stopApp(ShardloopApp app) {
        if (app == null) {
            return;
        }
        try {
            app.stop();
        } catch (Exception e) {
            System.err.println("shardloop: " + app.getClass().getName() + ".stop() failed: " + e);
        }
    }

    /** The TLS configuration of the flags (null: plaintext); a bad flag or file is one line, before the port opens. */
    private TlsConfig tls() {
        var parsed = spec.commandLine().getParseResult();
        if (!tlsOptions.enabled()) {
            for (var flag : List.of("--tls-handshake", "--tls-resumption", "--tls-resume", "--tls-protocols",
                    "--tls-ciphers", "--tls-keystore-password")) {
                if (parsed.hasMatchedOption(flag)) {
                    throw new ParameterException(spec.commandLine(), flag
                            + " needs TLS keys: --tls-self-signed, --tls-cert with --tls-key, or --tls-keystore");
                }
            }
            return null;
        }
        try {
            var config = tlsOptions.config(tlsResumption.resumption());
            return protocol == Protocol.HTTP ? config.withDefaultAlpn("http/1.1") : config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The admin listener; the default port, when busy, gives way to a free one (an explicit port does not). */
    private AdminServer startAdmin(Server server, StallWatchdog watchdog) {
        if (adminPort != null) {
            return AdminServer.start(host, adminPort, transport, server::stats, watchdog);
        }
        try {
            return AdminServer.start(host, AdminServer.DEFAULT_PORT, transport, server::stats, watchdog);
        } catch (UncheckedIOException e) {
            System.err.println("shardloop: admin port " + AdminServer.DEFAULT_PORT + " is busy ("
                    + e.getCause().getMessage() + "); using a free port instead");
            return AdminServer.start(host, 0, transport, server::stats, watchdog);
        }
    }

    private static String describeThreads(ServerConfig c, Server s) {
        var workers = c.workers() + " " + c.executor() + " workers";
        return switch (c.model()) {
            case THREAD_PER_CONNECTION, VIRTUAL_THREADS -> "one per connection";
            case SINGLE_REACTOR, SHARED_NOTHING -> s.loopProbes().size() + " loop(s)";
            case REACTOR_WORKERS -> s.loopProbes().size() + " loop + " + workers;
            case MAIN_SUB -> "1 main + " + (s.loopProbes().size() - 1) + " sub-loop(s)";
            case MAIN_SUB_WORKERS -> "1 main + " + (s.loopProbes().size() - 1) + " sub-loop(s) + " + workers;
            case SHARED_EPOLL -> s.stats().loops().size() + " thread(s) on one epoll instance";
        };
    }
}
