package dev.tallyman.cli.findings;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tallyman findings search}: GET /v1/findings and print a table or the JSON. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search findings (filters combine with AND; --severity may repeat).")
public final class FindingsSearchCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Spec CommandSpec spec;

  @Mixin ReportServiceOptions reportService = new ReportServiceOptions();

  @Option(names = "--vulnerability", description = "Vulnerability id or alias, e.g. CVE-2024-0727")
  String vulnerability;

  @Option(names = "--package", description = "Package name")
  String packageName;

  @Option(names = "--purl", description = "Package URL")
  String purl;

  @Option(names = "--digest", description = "Image manifest digest (sha256:...)")
  String digest;

  @Option(names = "--repository", description = "Repository, with or without the registry")
  String repository;

  @Option(
      names = "--severity",
      description = "critical, high, medium, low, negligible or unknown (repeatable)")
  List<String> severities = new ArrayList<>();

  @Option(
      names = {"-q", "--query"},
      description =
          "Query language, e.g. 'severity:critical AND fixable:true AND repository:payments/*'")
  String query;

  @Option(names = "--sort", description = "Order, e.g. severity:desc,first_seen:asc")
  String sort;

  @Option(names = "--page", defaultValue = "0", description = "0-based page (default: 0)")
  int page;

  @Option(names = "--size", defaultValue = "50", description = "Page size, 1..500 (default: 50)")
  int size;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      description = "Seconds to wait for an answer (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      FindingsClient client = reportService.client(timeoutSeconds);
      FindingsFilter filter =
          new FindingsFilter(
              vulnerability,
              packageName,
              purl,
              digest,
              repository,
              severities,
              page,
              size,
              query,
              sort);
      FindingsClient.Result result = client.search(filter);
      if (format == Format.json) {
        out.println(result.prettyJson());
      } else {
        out.print(FindingsTable.render(result.body()));
      }
      out.flush();
      return 0;
    } catch (FindingsClient.FindingsException | IllegalArgumentException e) {
      err.println("tallyman findings search: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
