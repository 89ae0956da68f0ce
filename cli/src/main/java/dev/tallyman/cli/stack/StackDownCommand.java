package dev.tallyman.cli.stack;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tallyman stack down}: stops what .tallyman/pids lists, by PID, services first. */
@Command(
    name = "down",
    description = "Stop the local stack (by the PIDs in .tallyman/pids; data is kept).")
public final class StackDownCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin HomeOption homeOption;

  @Override
  public Integer call() {
    StackHome home = homeOption.resolve();
    PrintWriter out = spec.commandLine().getOut();
    int stopped = StackParts.stopAll(home, StackParts.layout(home), out);
    out.println(
        stopped == 0
            ? "nothing was running"
            : "stack stopped (" + stopped + " parts); data kept in " + home.dir());
    out.flush();
    return 0;
  }
}
