package dev.tallyman.cli.sbom;

import picocli.CommandLine.Command;

/** Placeholder until implemented. */
@Command(name = "sbom", description = "Not implemented yet.")
public final class SbomCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("tallyman sbom: not implemented yet");
    return 2;
  }
}
