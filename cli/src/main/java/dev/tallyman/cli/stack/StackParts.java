package dev.tallyman.cli.stack;

import dev.tallyman.deploy.ManagedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What runs in a stack home, and stopping it by PID (services first). */
final class StackParts {
  static final List<String> INFRA = List.of("kafka", "elasticsearch", "registry");

  /** Suffix of auxiliary pid files (a part's inner process, normally stopped with its launcher). */
  static final String AUX_SUFFIX = "-node";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private StackParts() {}

  /**
   * Names in stop order: services (reverse start order), then registry, ES, Kafka, then leftovers.
   */
  static List<String> stopOrder(StackLayout layout, List<String> recorded) {
    List<String> order = new ArrayList<>();
    List<StackLayout.Service> services = layout.services();
    for (int i = services.size() - 1; i >= 0; i--) {
      order.add(services.get(i).name());
    }
    order.addAll(List.of("registry", "elasticsearch", "elasticsearch" + AUX_SUFFIX, "kafka"));
    for (String r : recorded) {
      if (!order.contains(r)) {
        order.add(0, r);
      }
    }
    return order;
  }

  /** Stops every recorded part by PID and removes its pid file; returns how many were running. */
  static int stopAll(StackHome home, StackLayout layout, PrintWriter out) {
    PidFiles pids = new PidFiles(home.pids());
    int stopped = 0;
    for (String name : stopOrder(layout, pids.names())) {
      var entry = pids.read(name);
      if (entry.isEmpty()) {
        pids.remove(name); // unreadable pid file (or none): nothing we may kill
        continue;
      }
      if (entry.get().running()) {
        out.printf("stopping %-17s pid %d%n", name, entry.get().pid());
        out.flush();
        ManagedProcess.killTree(entry.get().pid(), Duration.ofSeconds(30));
        stopped++;
      } else if (!name.endsWith(AUX_SUFFIX)) {
        out.printf("%-26s was not running (stale pid %d)%n", name, entry.get().pid());
      }
      pids.remove(name);
    }
    return stopped;
  }

  static StackLayout layout(StackHome home) {
    Properties p = new Properties();
    if (Files.isRegularFile(home.propertiesFile())) {
      try (InputStream in = Files.newInputStream(home.propertiesFile())) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return StackLayout.fromProperties(p);
  }

  /** GET /health answers 200 with status UP. */
  static boolean healthy(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("UP");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
