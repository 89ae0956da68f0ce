package dev.tallyman.cli.findings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Renders a findings page as an aligned text table. */
public final class FindingsTable {
  static final List<String> HEADER =
      List.of("VULNERABILITY", "CVE", "SEVERITY", "PACKAGE", "VERSION", "FIXED", "IMAGE");
  private static final int MAX_CELL = 60;

  private FindingsTable() {}

  public static String render(JsonNode page) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode item : page.path("items")) {
      rows.add(
          Stream.of(
                  text(item.at("/vulnerability/id")),
                  cves(item.path("vulnerability")),
                  text(item.at("/vulnerability/severity")),
                  text(item.at("/package/name")),
                  text(item.at("/package/version")),
                  text(item.at("/vulnerability/fixed_version")),
                  image(item.path("image")))
              .map(c -> c.isEmpty() ? "-" : c) // no empty cells: columns stay countable
              .toList());
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    long total = page.path("total").asLong();
    int shown = rows.size() - 1;
    int pageNo = page.path("page").asInt();
    int size = page.path("size").asInt();
    long from = shown == 0 ? 0 : (long) pageNo * size + 1;
    sb.append(
        String.format(
            "%d finding%s; showing %d-%d (page %d)%n",
            total, total == 1 ? "" : "s", from, from + shown - (shown == 0 ? 0 : 1), pageNo));
    return sb.toString();
  }

  /** The CVE ids among the aliases: what most people search for when the id is a GHSA or DSA. */
  static String cves(JsonNode vulnerability) {
    String id = vulnerability.path("id").asText();
    List<String> cves = new ArrayList<>();
    for (JsonNode alias : vulnerability.path("aliases")) {
      String a = alias.asText();
      if (a.startsWith("CVE-") && !a.equals(id)) {
        cves.add(a);
      }
    }
    return text(new com.fasterxml.jackson.databind.node.TextNode(String.join(",", cves)));
  }

  /** {@code repository@sha256:0123456789ab}: enough to tell images apart in a terminal. */
  static String image(JsonNode image) {
    String repo = text(image.path("repository"));
    String digest = text(image.path("digest"));
    if (digest.startsWith("sha256:") && digest.length() > 19) {
      digest = digest.substring(0, 19);
    }
    if (repo.isEmpty()) {
      return digest;
    }
    return digest.isEmpty() ? repo : repo + "@" + digest;
  }

  /** Text of a JSON value, single-line (a hostile server cannot break the layout). */
  static String text(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return "";
    }
    String s = n.asText().replaceAll("\\p{Cntrl}", " ");
    return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 3) + "...";
  }
}
