package dev.tallyman.cli.stack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tallyman stack up|down|status}: the whole pipeline on 127.0.0.1, files under .tallyman/.
 */
@Command(
    name = "stack",
    description =
        "Run the local stack (Kafka, Elasticsearch, registry, the four services) on 127.0.0.1.",
    subcommands = {StackUpCommand.class, StackDownCommand.class, StackStatusCommand.class})
public final class StackCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
