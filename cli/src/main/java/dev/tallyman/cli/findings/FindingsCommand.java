package dev.tallyman.cli.findings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tallyman findings}: look at what report-service has indexed. */
@Command(
    name = "findings",
    description = "Query vulnerability findings from report-service.",
    mixinStandardHelpOptions = true,
    subcommands = {FindingsSearchCommand.class})
public final class FindingsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
