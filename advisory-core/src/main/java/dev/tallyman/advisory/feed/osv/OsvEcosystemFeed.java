package dev.tallyman.advisory.feed.osv;

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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OSV ecosystem as osv.dev publishes it: {@code <ECO>/all.zip} for a full import, {@code
 * <ECO>/modified_id.csv} ({@code <RFC3339 modified>,<id>} per line) plus {@code <ECO>/<id>.json}
 * for incremental updates. The cursor is the newest {@code modified} applied.
 */
public final class OsvEcosystemFeed implements Feed {
  private final String ecosystem;
  private final Fetcher fetcher;
  private final int maxIncremental;

  /**
   * @param maxIncremental above this many changed records the full archive is cheaper than one
   *     request per record
   */
  public OsvEcosystemFeed(String ecosystem, Fetcher fetcher, int maxIncremental) {
    this.ecosystem = ecosystem;
    this.fetcher = fetcher;
    this.maxIncremental = maxIncremental;
  }

  public OsvEcosystemFeed(String ecosystem, Fetcher fetcher) {
    this(ecosystem, fetcher, 2000);
  }

  @Override
  public String name() {
    return "osv-" + ecosystem;
  }

  @Override
  public String location() {
    return fetcher.describe() + " " + ecosystem;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    if (cursor == null || cursor.isBlank()) {
      return full();
    }
    Instant since = parseCursor(cursor);
    if (since == null) {
      return full();
    }
    List<Modified> changed = new ArrayList<>();
    RecordErrors errors = new RecordErrors();
    try (Fetcher.Fetched csv = fetcher.fetch(ecosystem + "/modified_id.csv", Map.of())) {
      for (String line : Files.readAllLines(csv.path(), StandardCharsets.UTF_8)) {
        Modified m = Modified.parse(line);
        if (m == null) {
          if (!line.isBlank()) {
            errors.add("modified_id.csv", "unreadable line: " + truncate(line));
          }
          continue;
        }
        if (m.modified().isAfter(since)) {
          changed.add(m);
        }
      }
    }
    if (changed.isEmpty()) {
      return FeedUpdate.unchanged(name(), cursor);
    }
    if (changed.size() > maxIncremental) {
      return full();
    }
    List<OsvRecord> records = new ArrayList<>();
    Instant newest = since;
    for (Modified m : changed) {
      // A failed fetch fails the whole update (the cursor stays); a bad record is only counted.
      try (Fetcher.Fetched f = fetcher.fetch(ecosystem + "/" + m.id() + ".json", Map.of())) {
        byte[] bytes = Archives.read(f.path(), Archives.MAX_ENTRY_BYTES);
        try {
          records.add(OsvFiles.parse(m.id() + ".json", bytes));
        } catch (IOException | RuntimeException e) {
          errors.add(m.id(), e);
        }
      }
      if (m.modified().isAfter(newest)) {
        newest = m.modified();
      }
    }
    return new FeedUpdate(
        name(),
        FeedUpdate.Kind.INCREMENTAL,
        records,
        List.of(),
        List.of(),
        errors,
        newest.toString());
  }

  private FeedUpdate full() throws IOException {
    RecordErrors errors = new RecordErrors();
    List<OsvRecord> records;
    try (Fetcher.Fetched zip = fetcher.fetch(ecosystem + "/all.zip", Map.of())) {
      records = OsvFiles.fromZip(zip.path(), n -> true, errors);
    }
    return FeedUpdate.full(name(), records, errors, OsvFiles.newestModified(records));
  }

  private static Instant parseCursor(String c) {
    try {
      return Instant.parse(c);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String truncate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** One line of modified_id.csv. */
  record Modified(Instant modified, String id) {
    static Modified parse(String line) {
      int comma = line.indexOf(',');
      if (comma < 0) {
        return null;
      }
      String id = line.substring(comma + 1).trim();
      // ids become file names: refuse anything that could walk out of the ecosystem folder
      if (!id.matches("[A-Za-z0-9._:-]+") || id.contains("..")) {
        return null;
      }
      try {
        return new Modified(
            java.time.OffsetDateTime.parse(line.substring(0, comma).trim()).toInstant(), id);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
