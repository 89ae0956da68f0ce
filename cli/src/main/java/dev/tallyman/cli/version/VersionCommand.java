package dev.tallyman.cli.version;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tallyman version ...}: version ordering as the matchers use it. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description =
        "Version ordering per OSV ecosystem, as each ecosystem's own tool orders versions (dpkg,"
            + " rpmvercmp, apk, SemVer, Maven ComparableVersion, PEP 440, Gem::Version, NuGet,"
            + " Composer).",
    subcommands = {CompareCommand.class})
public final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
