package dev.tallyman.advisory.feed.redhat;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Red Hat CSAF VEX ({@code csaf/v2/vex/}): {@code changes.csv} lists {@code "YYYY/cve-....json",
 * "<timestamp>"} for every document and its last change, {@code deletions.csv} the removed ones. A
 * full import fetches every listed document; an incremental one only those changed after the cursor
 * (the newest timestamp applied) and reports deletions as deleted record ids.
 */
public final class RedHatCsafFeed implements Feed {
  private final Fetcher fetcher;
  private final int maxDocuments;

  public RedHatCsafFeed(Fetcher fetcher, int maxDocuments) {
    this.fetcher = fetcher;
    this.maxDocuments = maxDocuments;
  }

  @Override
  public String name() {
    return "redhat";
  }

  @Override
  public String location() {
    return fetcher.describe();
  }

  record Row(String path, Instant changed) {}

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    Instant since = cursor == null || cursor.isBlank() ? null : Instant.parse(cursor);
    RecordErrors errors = new RecordErrors();
    List<Row> changes = rows("changes.csv", errors);
    Map<String, Row> latest = new LinkedHashMap<>();
    for (Row r : changes) {
      if (since == null || r.changed().isAfter(since)) {
        latest.merge(r.path(), r, (a, b) -> a.changed().isAfter(b.changed()) ? a : b);
      }
    }
    List<String> deleted = new ArrayList<>();
    Instant newest = since;
    if (since != null) {
      for (Row r : rows("deletions.csv", errors)) {
        if (r.changed().isAfter(since)) {
          deleted.add(idOf(r.path()));
          newest = max(newest, r.changed());
        }
      }
    }
    if (latest.isEmpty() && deleted.isEmpty()) {
      return FeedUpdate.unchanged(name(), cursor);
    }
    if (latest.size() > maxDocuments) {
      throw new IOException(
          latest.size()
              + " changed CSAF documents exceed the limit of "
              + maxDocuments
              + "; import from a mirror");
    }
    List<OsvRecord> records = new ArrayList<>();
    for (Row r : latest.values()) {
      try (Fetcher.Fetched f = fetcher.fetch(r.path(), Map.of())) {
        try {
          records.addAll(CsafVex.parse(Archives.read(f.path(), Archives.MAX_ENTRY_BYTES)));
        } catch (IOException | RuntimeException e) {
          errors.add(r.path(), e);
        }
      }
      newest = max(newest, r.changed());
    }
    String next = newest == null ? "" : newest.toString();
    return new FeedUpdate(
        name(),
        since == null ? FeedUpdate.Kind.FULL : FeedUpdate.Kind.INCREMENTAL,
        records,
        deleted,
        List.of(),
        errors,
        next);
  }

  private List<Row> rows(String file, RecordErrors errors) throws IOException {
    List<Row> out = new ArrayList<>();
    try (Fetcher.Fetched f = fetcher.fetch(file, Map.of())) {
      for (String line : Files.readAllLines(f.path(), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        String[] cols = line.split(",", 2);
        String path = cols[0].replace("\"", "").trim();
        try {
          if (cols.length != 2 || !path.matches("\\d{4}/[a-z0-9._-]+\\.json")) {
            throw new IllegalArgumentException("unreadable line");
          }
          out.add(
              new Row(path, OffsetDateTime.parse(cols[1].replace("\"", "").trim()).toInstant()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
          errors.add(
              file, "unreadable line: " + (line.length() > 80 ? line.substring(0, 80) : line));
        }
      }
    }
    return out;
  }

  /** "2023/cve-2023-38545.json" → "REDHAT-CVE-2023-38545". */
  static String idOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
    return "REDHAT-" + file.toUpperCase(Locale.ROOT);
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
