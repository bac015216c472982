package io.shardloop.lab.cli;

import io.shardloop.codec.Protocol;
import io.shardloop.load.ExpectedStatus;
import io.shardloop.load.HumanReport;
import io.shardloop.load.IoKind;
import io.shardloop.load.LoadGenerator;
import io.shardloop.load.LoadResult;
import io.shardloop.load.LoadSpec;
import io.shardloop.load.LoadSpecException;
import io.shardloop.load.RequestMix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardloop load}: runs the load generator against a URL and prints (or writes as JSON) what it measured.
 * Options arrive as text and are checked by {@link LoadSpec.Builder}, so every bad value gets one line naming
 * its flag. Runs on the CLI's main thread.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = LoadCommand.Defaults.class,
        description = {"Generate HTTP or echo load and report req/s, latency percentiles, errors by kind and the"
                + " generator's own CPU use.",
                "Modes: keep-alive (default), --pipeline N, --short (a new connection per request), --rate R (open loop)."},
        footer = {"", "Examples:",
                "  shardloop load http://127.0.0.1:8080/plaintext -c 64 -d 10s",
                "  shardloop load http://127.0.0.1:8080/ --rate 20000 -c 100 -t 2 --json run.json",
                "  shardloop load https://127.0.0.1:8443/ --tls-insecure --short --tls-resumption off",
                "  shardloop load tcp://127.0.0.1:9000 --protocol echo --size 512 --pipeline 8"})
public final class LoadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL",
            description = "http://HOST[:PORT][/PATH], https://HOST[:PORT][/PATH] or tcp://HOST:PORT (echo)")
    String url;

    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "64",
            description = "Connections in total (default ${DEFAULT-VALUE}).")
    String connections;

    @Option(names = {"-t", "--threads"}, paramLabel = "T", defaultValue = "1",
            description = "Load threads, one event loop each (default ${DEFAULT-VALUE}).")
    String threads;

    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "1",
            description = "Requests in flight per connection (default ${DEFAULT-VALUE}).")
    String pipeline;

    @Option(names = "--short", description = "A new TCP connection per request (sends Connection: close).")
    boolean shortConnections;

    @Option(names = "--rate", paramLabel = "R",
            description = "Open loop at R requests/s in total; latency from the intended send time.")
    String rate;

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "2s", converter = DurationConverter.class,
            description = "A request or connect slower than this fails (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--protocol", paramLabel = "P", converter = CliConverters.Proto.class,
            description = "http or echo (default: from the URL scheme).")
    Protocol protocol;

    @Option(names = "--size", paramLabel = "B", defaultValue = "64",
            description = "Echo payload bytes (default ${DEFAULT-VALUE}).")
    String size;

    @Mixin
    EchoCodecOption echoCodec;

    @Option(names = {"-m", "--method"}, paramLabel = "M", description = "HTTP method (default GET).")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'K: V'", description = "Extra HTTP header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT", description = "HTTP request body.")
    String body;

    @Option(names = "--body-file", paramLabel = "FILE", description = "HTTP request body read from a file.")
    String bodyFile;

    @Option(names = "--requests", paramLabel = "FILE",
            description = "A weighted mix of HTTP requests, one a line: '[Nx] METHOD /path [@BODY-FILE] [Name:value ...]';"
                    + " the URL gives host and port. One in flight per connection.")
    Path requests;

    @Option(names = "--expect-status", paramLabel = "S", defaultValue = "2xx",
            description = "Statuses that count as success, e.g. 200 or 2xx,304 (default ${DEFAULT-VALUE}).")
    String expectStatus;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE ('-' = stdout only).")
    String json;

    @Option(names = "--progress", description = "Print a progress line to stderr (default: only on a terminal).")
    boolean progress;

    @Option(names = "--io", paramLabel = "IO", defaultValue = "auto",
            description = "Sockets: epoll (Linux, FFM: fewest system calls), nio (portable) or auto (epoll where it"
                    + " can, default).")
    String io;

    @Mixin
    TlsResumptionOption tlsResumption;

    @Option(names = "--tls-trust", paramLabel = "FILE",
            description = "https: trust the certificates in FILE (PEM, or a .p12/.jks keystore) instead of the JDK's CAs.")
    String tlsTrust;

    @Option(names = "--tls-insecure",
            description = "https: accept any certificate and host name, unverified (a test server's self-signed one).")
    boolean tlsInsecure;

    @Spec
    CommandSpec commandSpec;

    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(java.util.Map.of("--duration", "10s", "--warmup", "1s"));
        }
    }

    @Override
    public Integer call() {
        var out = commandSpec.commandLine().getOut();
        var err = commandSpec.commandLine().getErr();
        LoadSpec spec;
        LoadResult result;
        try {
            spec = toSpec();
            var mix = mix(spec);
            result = LoadGenerator.run(spec, mix, spec.progress() ? System.err : null);
        } catch (LoadSpecException e) {
            err.println("shardloop load: " + e.getMessage());
            return 2;
        }
        String report = HumanReport.format(result, spec);
        if ("-".equals(json)) {
            out.println(result.toJson());
            result.warnings().forEach(w -> err.println("WARNING: " + w));
        } else {
            out.print(report);
            if (json != null) {
                try {
                    Files.writeString(Path.of(json), result.toJson() + "\n");
                } catch (IOException e) {
                    err.println("shardloop load: --json cannot write '" + json + "': " + e.getMessage());
                    return 1;
                }
            }
        }
        out.flush();
        return result.requests() == 0 ? 1 : 0;
    }

    LoadSpec toSpec() {
        var b = LoadSpec.builder(url)
                .connections(intArg("--connections", connections))
                .threads(intArg("--threads", threads))
                .duration(window.duration)
                .warmup(warmup.warmup)
                .pipeline(intArg("--pipeline", pipeline))
                .shortConnections(shortConnections)
                .timeout(timeout)
                .echoCodec(echoCodec.framing)
                .size(intArg("--size", size))
                .expectStatus(ExpectedStatus.parse(expectStatus))
                .progress(progress || (System.console() != null && System.console().isTerminal()))
                .io(IoKind.parse(io));
        if (rate != null) {
            b.rate(doubleArg("--rate", rate));
        }
        if (protocol != null) {
            b.protocol(protocol);
        }
        if (method != null) {
            b.method(method);
        }
        headers.forEach(b::header);
        if (tlsResumption.resumption() != null) {
            b.tlsResume(tlsResumption.resumption());
        }
        if (tlsTrust != null) {
            b.tlsTrust(Path.of(tlsTrust));
        }
        if (tlsInsecure) {
            b.tlsInsecure(true);
        }
        if (body != null && bodyFile != null) {
            throw new LoadSpecException("--body", "cannot be combined with --body-file");
        }
        if (body != null) {
            b.body(body.getBytes(StandardCharsets.UTF_8));
        }
        if (bodyFile != null) {
            b.bodyFile(Path.of(bodyFile));
        }
        return b.build();
    }

    /** The --requests mix, or null; the single-request flags do not combine with it. */
    private RequestMix mix(LoadSpec spec) {
        if (requests == null) {
            return null;
        }
        if (method != null || body != null || bodyFile != null) {
            throw new LoadSpecException("--requests", "cannot be combined with --method, --body or --body-file"
                    + " (give each request's method and body in the file)");
        }
        if (!spec.target().pathAndQuery().equals("/")) {
            throw new LoadSpecException("--requests", "takes its paths from the file: give the URL without a path,"
                    + " got '" + url + "'");
        }
        return RequestMix.read(requests);
    }

    private static int intArg(String flag, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new LoadSpecException(flag, "accepts an integer, got '" + text + "'");
        }
    }

    private static double doubleArg(String flag, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new LoadSpecException(flag, "accepts a number of requests per second > 0, got '" + text + "'");
        }
    }
}
