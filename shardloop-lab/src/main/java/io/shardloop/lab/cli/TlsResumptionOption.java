package io.shardloop.lab.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --tls-resumption on|off} of {@code serve} (let clients resume) and {@code load} (resume an earlier
 * session): one name and one parser for both; {@code --tls-resume}, load's old name, stays hidden for one release.
 * A picocli mixin; the CLI's main thread.
 */
final class TlsResumptionOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--tls-resumption", paramLabel = "on|off", converter = CliConverters.OnOff.class,
            description = "TLS session resumption (TLS 1.3 tickets, TLS 1.2 ids and tickets): serve lets clients "
                    + "resume; load resumes an earlier session on each new connection (default: on)")
    String value; // a String: picocli reads a Boolean option's "off" as "false" before any converter

    @Option(names = "--tls-resume", hidden = true, paramLabel = "on|off", converter = CliConverters.OnOff.class)
    void oldName(String onOff) {
        Renamed.notice(command, "--tls-resume", "--tls-resumption");
        value = onOff;
    }

    /** True or false as given, null when neither name was. */
    Boolean resumption() {
        return value == null ? null : value.equals("on");
    }
}
