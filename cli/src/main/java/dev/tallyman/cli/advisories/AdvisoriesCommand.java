package dev.tallyman.cli.advisories;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tallyman advisories ...}: feed status, offline bundles and the matcher's answers. */
@Command(
    name = "advisories",
    mixinStandardHelpOptions = true,
    description =
        "Advisory data: feed status of an advisory-service, signed offline bundles, why a package is"
            + " (not) affected.",
    subcommands = {
      AdvisoriesStatusCommand.class,
      AdvisoriesExportCommand.class,
      AdvisoriesImportCommand.class,
      ExplainCommand.class
    })
public final class AdvisoriesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
