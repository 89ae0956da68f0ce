package dev.tallyman.cli.findings;

import picocli.CommandLine.Command;

/** Placeholder until implemented. */
@Command(name = "findings", description = "Not implemented yet.")
public final class FindingsCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("tallyman findings: not implemented yet");
    return 2;
  }
}
