package dev.tallyman.cli.advisories;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tallyman advisories ...}: the advisory data and the matcher's answers. */
@Command(
    name = "advisories",
    mixinStandardHelpOptions = true,
    description = "Advisory data and matching: why a package is (not) affected.",
    subcommands = {ExplainCommand.class})
public final class AdvisoriesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
