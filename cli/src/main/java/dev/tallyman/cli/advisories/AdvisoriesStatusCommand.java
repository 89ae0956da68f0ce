package dev.tallyman.cli.advisories;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.FeedStatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tallyman advisories status}: FeedStatus of an advisory-service as a table or JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show every feed of an advisory-service: last success, records, errors, staleness.")
public final class AdvisoriesStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--advisory-service",
      defaultValue = "127.0.0.1:50051",
      paramLabel = "HOST:PORT",
      description = "gRPC address of the advisory-service (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--timeout", defaultValue = "PT10S", description = "Call deadline (ISO-8601).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("table") && !format.equals("json")) {
      err.println("--format must be table or json");
      return 2;
    }
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (RuntimeException e) {
      err.println("--advisory-service must be HOST:PORT, got " + address);
      return 2;
    }
    ManagedChannel ch =
        ManagedChannelBuilder.forAddress(address.substring(0, Math.max(0, colon)), port)
            .usePlaintext()
            .build();
    FeedStatusResponse r;
    try {
      r =
          AdvisoryServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .feedStatus(FeedStatusRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      err.println("advisory-service at " + address + " did not answer: " + e.getStatus());
      return 1;
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (format.equals("json")) {
      out.println(json(r));
    } else {
      table(r, out);
    }
    out.flush();
    // non-zero when any feed is stale or failing, so scripts and probes can gate on it
    return r.getFeedsList().stream().anyMatch(f -> f.getStale() || !f.getError().isEmpty()) ? 3 : 0;
  }

  private static String ts(com.google.protobuf.Timestamp t, boolean has) {
    return has ? Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString() : "";
  }

  static String json(FeedStatusResponse r) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ArrayNode arr = m.createArrayNode();
    for (FeedInfo f : r.getFeedsList()) {
      ObjectNode n = arr.addObject();
      n.put("name", f.getName());
      n.put("location", f.getLocation());
      n.put("records", f.getRecordCount());
      n.put("enrichments", f.getEnrichmentCount());
      n.put("rejected", f.getRejectedCount());
      n.put("lastSuccess", f.hasLastSuccess() ? ts(f.getLastSuccess(), true) : null);
      n.put("lastAttempt", f.hasLastAttempt() ? ts(f.getLastAttempt(), true) : null);
      n.put("stale", f.getStale());
      n.put("error", f.getError());
    }
    ObjectNode root = m.createObjectNode();
    root.set("feeds", arr);
    return m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  static void table(FeedStatusResponse r, PrintWriter out) {
    String fmt = "%-24s %10s %11s %8s %-22s %-5s %s%n";
    out.printf(fmt, "FEED", "RECORDS", "ENRICHMENTS", "REJECTED", "LAST SUCCESS", "STALE", "ERROR");
    for (FeedInfo f : r.getFeedsList()) {
      out.printf(
          fmt,
          f.getName(),
          f.getRecordCount(),
          f.getEnrichmentCount(),
          f.getRejectedCount(),
          f.hasLastSuccess() ? ts(f.getLastSuccess(), true).replaceAll("\\.\\d+Z$", "Z") : "never",
          f.getStale() ? "yes" : "no",
          f.getError());
    }
  }
}
