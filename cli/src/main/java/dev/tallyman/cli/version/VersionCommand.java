package dev.tallyman.cli.version;

import picocli.CommandLine.Command;

/** Placeholder until implemented. */
@Command(name = "version", description = "Not implemented yet.")
public final class VersionCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("tallyman version: not implemented yet");
    return 2;
  }
}
