package dev.tallyman.cli.advisories;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tallyman advisories ...}: feed status of a running service and air-gapped bundles. */
@Command(
    name = "advisories",
    mixinStandardHelpOptions = true,
    description = "Advisory data: feed status of an advisory-service, signed offline bundles.",
    subcommands = {
      AdvisoriesStatusCommand.class,
      AdvisoriesExportCommand.class,
      AdvisoriesImportCommand.class
    })
public final class AdvisoriesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
