package dev.tallyman.cli;

import dev.tallyman.cli.advisories.AdvisoriesCommand;
import dev.tallyman.cli.findings.FindingsCommand;
import dev.tallyman.cli.image.ImageCommand;
import dev.tallyman.cli.image.NativeSha256;
import dev.tallyman.cli.sbom.SbomCommand;
import dev.tallyman.cli.scan.ScanCommand;
import dev.tallyman.cli.stack.StackCommand;
import dev.tallyman.cli.version.VersionCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tallyman} command. Each subcommand lives in a package named after what it does. */
@Command(
    name = "tallyman",
    mixinStandardHelpOptions = true,
    version = "tallyman 0.1.0",
    description = "Container-image scanning: SBOMs, advisories, findings, and the local stack.")
public final class TallymanCommand implements Runnable {
  /**
   * The subcommands, in the order the usage lists them. Added here rather than in the annotation:
   * picocli builds the model of every declared subcommand up front (reflection over all their
   * options, ~0.25 s of a 0.6 s run), and a run needs only the one it was given.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("sbom", SbomCommand::new);
    SUBCOMMANDS.put("scan", ScanCommand::new);
    SUBCOMMANDS.put("version", VersionCommand::new);
    SUBCOMMANDS.put("advisories", AdvisoriesCommand::new);
    SUBCOMMANDS.put("findings", FindingsCommand::new);
    SUBCOMMANDS.put("image", ImageCommand::new);
    SUBCOMMANDS.put("stack", StackCommand::new);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
  }

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
    return commandLineFor(args).execute(args);
  }

  /** The whole command line, every subcommand included. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TallymanCommand());
    SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    return cl;
  }

  /**
   * The command line that {@code args} need: only the subcommand they name, or every subcommand
   * when they name none, name an unknown one (for picocli's suggestions), or ask for {@code help}.
   */
  static CommandLine commandLineFor(String... args) {
    Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (only == null || args[0].equals("help")) {
      return commandLine();
    }
    CommandLine cl = new CommandLine(new TallymanCommand());
    cl.addSubcommand(args[0], only.get());
    return cl;
  }
}
