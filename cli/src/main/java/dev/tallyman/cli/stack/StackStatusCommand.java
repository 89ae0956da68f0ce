package dev.tallyman.cli.stack;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tallyman stack status}: which recorded parts run, their URLs and health. */
@Command(
    name = "status",
    description =
        "Show what runs. Exit 0 when every recorded part runs, 3 when something is down or nothing runs.")
public final class StackStatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin HomeOption homeOption;

  @Override
  public Integer call() {
    StackHome home = homeOption.resolve();
    PrintWriter out = spec.commandLine().getOut();
    StackLayout layout = StackParts.layout(home);
    PidFiles pids = new PidFiles(home.pids());
    List<String> names = pids.names();
    if (names.isEmpty()) {
      out.println("the local stack is not running (" + home.dir() + ")");
      out.flush();
      return 3;
    }
    List<String> order = new ArrayList<>(StackParts.stopOrder(layout, names));
    java.util.Collections.reverse(order);
    boolean allUp = true;
    for (String name : order) {
      if (!names.contains(name)) {
        continue;
      }
      var entry = pids.read(name);
      boolean running = entry.map(PidFiles.Entry::running).orElse(false);
      String state = running ? "running" : "DOWN";
      String where = url(layout, name);
      if (running && name.endsWith("-service")) {
        state =
            StackParts.healthy(where + "/health") ? "running, health UP" : "running, health NOT UP";
      }
      allUp &= running;
      out.printf(
          "%-17s %-28s pid %-8s %s%n",
          name, where, entry.map(e -> Long.toString(e.pid())).orElse("?"), state);
    }
    out.println("logs: " + home.logs());
    out.flush();
    return allUp ? 0 : 3;
  }

  static String url(StackLayout layout, String name) {
    return switch (name) {
      case "kafka" -> layout.kafkaBootstrap();
      case "elasticsearch", "elasticsearch" + StackParts.AUX_SUFFIX -> layout.esUrl();
      case "registry" -> "http://" + layout.registryHostPort();
      default ->
          layout.services().stream()
              .filter(s -> s.name().equals(name))
              .map(s -> "http://127.0.0.1:" + s.httpPort())
              .findFirst()
              .orElse("");
    };
  }
}
