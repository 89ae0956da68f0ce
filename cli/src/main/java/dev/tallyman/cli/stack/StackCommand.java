package dev.tallyman.cli.stack;

import picocli.CommandLine.Command;

/** Placeholder until implemented. */
@Command(name = "stack", description = "Not implemented yet.")
public final class StackCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("tallyman stack: not implemented yet");
    return 2;
  }
}
