package dev.tallyman.cli;

import dev.tallyman.cli.advisories.AdvisoriesCommand;
import dev.tallyman.cli.findings.FindingsCommand;
import dev.tallyman.cli.image.ImageCommand;
import dev.tallyman.cli.image.NativeSha256;
import dev.tallyman.cli.sbom.SbomCommand;
import dev.tallyman.cli.scan.ScanCommand;
import dev.tallyman.cli.stack.StackCommand;
import dev.tallyman.cli.version.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tallyman} command. Each subcommand lives in a package named after what it does. */
@Command(
    name = "tallyman",
    mixinStandardHelpOptions = true,
    version = "tallyman 0.1.0",
    description = "Container-image scanning: SBOMs, advisories, findings, and the local stack.",
    subcommands = {
      SbomCommand.class,
      ScanCommand.class,
      VersionCommand.class,
      AdvisoriesCommand.class,
      FindingsCommand.class,
      ImageCommand.class,
      StackCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TallymanCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("sbom") || args[0].equals("scan"))) {
      NativeSha256.preload(); // overlaps start-up; only analyses wait for it
    }
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return new CommandLine(new TallymanCommand()).execute(args);
  }
}
