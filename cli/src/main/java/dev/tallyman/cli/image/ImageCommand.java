package dev.tallyman.cli.image;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tallyman image}: questions about one image, answered by report-service. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Image reports from report-service.",
    subcommands = {ImageReportCommand.class})
public final class ImageCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
