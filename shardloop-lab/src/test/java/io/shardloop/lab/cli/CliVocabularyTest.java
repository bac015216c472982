package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * One CLI vocabulary: every duration option of every command takes the one grammar (walked from picocli's model,
 * so that a new option is checked too), every flag that means a time is a duration, and each renamed flag's old
 * name still works, hidden, with one line on stderr. Parses only: no server starts.
 */
class CliVocabularyTest {

    /** What a command needs besides the option under test to parse at all. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "shardloop load", List.of("http://127.0.0.1:1/"),
            "shardloop advise", List.of("--app-jar", "app.jar"));

    /** Flags that name a time: wherever one is declared, it is a duration. */
    private static final Set<String> TIMES = Set.of("--duration", "--warmup", "--warmup-cap", "--timeout", "--slo-p99",
            "--period", "--stall", "--worker-stall", "--grace");

    record DurationOption(String command, String name) {
        @Override
        public String toString() {
            return command + " " + name;
        }
    }

    /** Every visible option of type Duration of every command and subcommand. */
    static Stream<DurationOption> durationOptions() {
        var found = new ArrayList<DurationOption>();
        walk(Main.commandLine(), found);
        return found.stream();
    }

    private static void walk(CommandLine cmd, List<DurationOption> found) {
        for (var option : cmd.getCommandSpec().options()) {
            if (!option.hidden() && option.type() == Duration.class) {
                found.add(new DurationOption(cmd.getCommandSpec().qualifiedName(), option.longestName()));
            }
        }
        cmd.getSubcommands().values().forEach(sub -> walk(sub, found));
    }

    /** The arguments that reach {@code command} ("shardloop lab ceiling" -> lab ceiling ...) with {@code tail}. */
    private static String[] args(String command, String... tail) {
        var args = new ArrayList<>(List.of(command.split(" ")).subList(1, command.split(" ").length));
        args.addAll(REQUIRED.getOrDefault(command, List.of()));
        args.addAll(List.of(tail));
        return args.toArray(String[]::new);
    }

    private static CommandLine.ParseResult leaf(CommandLine.ParseResult parsed) {
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed;
    }

    @Test
    void theWalkFindsTheTimingOfEveryCommand() {
        var found = durationOptions().map(DurationOption::toString).toList();
        assertThat(found).contains("shardloop serve --stall", "shardloop serve --worker-stall", "shardloop serve --grace",
                "shardloop load --duration", "shardloop load --warmup", "shardloop load --timeout",
                "shardloop lab --duration", "shardloop lab --warmup", "shardloop lab --warmup-cap",
                "shardloop advise --duration", "shardloop advise --warmup", "shardloop advise --warmup-cap",
                "shardloop advise --slo-p99", "shardloop lab ceiling --duration", "shardloop lab ceiling --warmup",
                "shardloop lab handoff --duration", "shardloop lab isolation --period",
                "shardloop lab threads --duration");
    }

    @Test
    void everyFlagThatNamesATimeIsADuration() {
        var wrong = new ArrayList<String>();
        check(Main.commandLine(), wrong);
        assertThat(wrong).as("time flags declared as another type").isEmpty();
    }

    private static void check(CommandLine cmd, List<String> wrong) {
        for (OptionSpec option : cmd.getCommandSpec().options()) {
            if (TIMES.contains(option.longestName()) && option.type() != Duration.class) {
                wrong.add(cmd.getCommandSpec().qualifiedName() + " " + option.longestName() + ": " + option.type());
            }
        }
        cmd.getSubcommands().values().forEach(sub -> check(sub, wrong));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationOptions")
    void everyDurationOptionTakesEveryUnit(DurationOption option) {
        for (var unit : Map.of("500us", Duration.ofNanos(500_000), "250ms", Duration.ofMillis(250),
                "2s", Duration.ofSeconds(2), "1m", Duration.ofMinutes(1), "1h", Duration.ofHours(1)).entrySet()) {
            var parsed = leaf(Main.commandLine().parseArgs(args(option.command(), option.name(), unit.getKey())));
            assertThat(parsed.matchedOptionValue(option.name(), (Duration) null)).as(unit.getKey()).isEqualTo(unit.getValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationOptions")
    void everyDurationOptionRefusesABadValueInOneLineNamingIt(DurationOption option) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        assertThat(cmd.execute(args(option.command(), option.name(), "1x"))).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith(option.command() + ": ")
                .contains("'" + option.name() + "'", "'1x'", "500us, 250ms, 2s, 1m or 1h");
    }

    @Test
    void aBareNumberIsSecondsAsBefore() {
        var lab = leaf(Main.commandLine().parseArgs("lab", "--duration", "1.5", "-w", "0"));
        assertThat(lab.matchedOptionValue("--duration", (Duration) null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(lab.matchedOptionValue("--warmup", (Duration) null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void eachCommandKeepsItsTimingDefaults() {
        var serve = serve();
        assertThat(List.of(serve.stall(), serve.workerStall(), serve.grace()))
                .containsExactly(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
        var main = Main.commandLine();
        main.parseArgs("lab", "ceiling");
        var lab = (LabCommand) main.getSubcommands().get("lab").getCommand();
        var ceiling = (CeilingCommand) main.getSubcommands().get("lab").getSubcommands().get("ceiling").getCommand();
        assertThat(List.of(ceiling.window.duration, ceiling.warmup.warmup)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1));
        main = Main.commandLine();
        main.parseArgs("lab");
        lab = (LabCommand) main.getSubcommands().get("lab").getCommand();
        assertThat(List.of(lab.window.duration, lab.warmup.warmup, lab.warmupCap.warmupCap))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(lab.repeats.repeats).isEqualTo(3);
        main = Main.commandLine();
        main.parseArgs("load", "http://127.0.0.1:1/");
        var load = (LoadCommand) main.getSubcommands().get("load").getCommand();
        assertThat(List.of(load.window.duration, load.warmup.warmup, load.timeout))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static ServeCommand serve(String... args) {
        var main = Main.commandLine();
        var all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        main.parseArgs(all.toArray(String[]::new));
        return (ServeCommand) main.getSubcommands().get("serve").getCommand();
    }

    @Test
    void theNewNamesTakeDurationsAndRefuseZero() {
        var serve = serve("--stall", "250ms", "--worker-stall", "2s", "--grace", "500ms");
        assertThat(List.of(serve.stall(), serve.workerStall(), serve.grace()))
                .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofMillis(500));
        assertThatThrownBy(() -> serve("--grace", "0s")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("'--grace'").hasMessageContaining("above zero");
    }

    /** A renamed flag's old name: its value, and the one line it prints. */
    record Alias(List<String> args, String line) {
    }

    static Stream<Alias> aliases() {
        return Stream.of(
                new Alias(List.of("serve", "--stall-ms", "250"), "shardloop: --stall-ms is now --stall (a duration, e.g. 100ms)"),
                new Alias(List.of("serve", "--worker-stall-ms", "2000"), "shardloop: --worker-stall-ms is now --worker-stall (a duration, e.g. 1s)"),
                new Alias(List.of("serve", "--grace-seconds", "7"), "shardloop: --grace-seconds is now --grace (a duration, e.g. 5s)"),
                new Alias(List.of("load", "https://127.0.0.1:1/", "--tls-resume", "off"), "shardloop: --tls-resume is now --tls-resumption"));
    }

    @ParameterizedTest
    @MethodSource("aliases")
    void anOldNameStillWorksAndPrintsOneLine(Alias alias) {
        var err = new StringWriter();
        var main = Main.commandLine();
        main.setErr(new PrintWriter(err, true));
        main.parseArgs(alias.args().toArray(String[]::new));
        assertThat(err.toString()).isEqualTo(alias.line() + System.lineSeparator());
        var command = main.getSubcommands().get(alias.args().getFirst()).getCommand();
        switch (command) {
            case ServeCommand s -> assertThat(List.of(s.stall(), s.workerStall(), s.grace())).containsAnyOf(
                    Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(7));
            case LoadCommand l -> assertThat(l.tlsResumption.resumption()).isFalse();
            default -> throw new AssertionError(command);
        }
    }

    @Test
    void theOldNamesKeepTheirWholeNumbersAndStayOutOfTheHelp() {
        assertThatThrownBy(() -> serve("--stall-ms", "100ms")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("'--stall-ms'");
        var serve = serve("--stall-ms", "250", "--worker-stall-ms", "2000", "--grace-seconds", "7");
        assertThat(List.of(serve.stall(), serve.workerStall(), serve.grace()))
                .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(7));
        var main = Main.commandLine();
        var serveHelp = main.getSubcommands().get("serve").getUsageMessage();
        assertThat(serveHelp).contains("--stall=D", "--worker-stall=D", "--grace=D", "--tls-resumption=on|off")
                .doesNotContain("--stall-ms", "--worker-stall-ms", "--grace-seconds", "--tls-resume=", "--tls-resume ");
        var loadHelp = main.getSubcommands().get("load").getUsageMessage();
        assertThat(loadHelp).contains("--tls-resumption=on|off").doesNotContain("--tls-resume=", "--tls-resume ");
    }

    @Test
    void serveAndLoadShareTheResumptionFlag() {
        var main = Main.commandLine();
        main.parseArgs("load", "https://127.0.0.1:1/", "--tls-resumption", "OFF");
        assertThat(((LoadCommand) main.getSubcommands().get("load").getCommand()).tlsResumption.resumption()).isFalse();
        assertThat(serve("--tls-resumption", "on").tlsResumption.resumption()).isTrue();
        assertThat(serve().tlsResumption.resumption()).isNull();
    }

    @Test
    void theSharedGroupsAreDeclaredOnce() {
        var main = Main.commandLine();
        var declaredBy = new java.util.HashMap<String, Set<Class<?>>>();
        collect(main, declaredBy);
        for (var flag : List.of("--duration", "--warmup", "--warmup-cap", "--repeats", "--server-cpus", "--client-cpus",
                "--tls-resumption")) {
            assertThat(declaredBy.get(flag)).as(flag).hasSize(1);
        }
    }

    private static void collect(CommandLine cmd, Map<String, Set<Class<?>>> declaredBy) {
        for (var option : cmd.getCommandSpec().options()) {
            if (option.userObject() instanceof java.lang.reflect.Field f) {
                declaredBy.computeIfAbsent(option.longestName(), k -> new java.util.HashSet<>()).add(f.getDeclaringClass());
            }
        }
        cmd.getSubcommands().values().forEach(sub -> collect(sub, declaredBy));
    }
}
