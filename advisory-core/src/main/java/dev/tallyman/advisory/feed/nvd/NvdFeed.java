package dev.tallyman.advisory.feed.nvd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * NVD CVE API 2.0 ({@code rest/json/cves/2.0}): pages of {@code resultsPerPage} by {@code
 * startIndex}; incremental by {@code lastModStartDate}/{@code lastModEndDate} windows of at most
 * 120 days (the API's limit) from the cursor to now; the API key goes in the {@code apiKey} header
 * (configured on the {@link Fetcher}); every request takes a token from the rate limiter. A mirror
 * is a directory of API pages or single {@code cve} objects (fkie-cad layout).
 */
public final class NvdFeed implements Feed {
  public static final Duration MAX_WINDOW = Duration.ofDays(120);
  private static final DateTimeFormatter NVD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Fetcher fetcher;
  private final String path;
  private final int pageSize;
  private final TokenBucket limiter;
  private final Clock clock;

  public NvdFeed(Fetcher fetcher, String path, int pageSize, TokenBucket limiter, Clock clock) {
    this.fetcher = fetcher;
    this.path = path;
    this.pageSize = pageSize;
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "nvd";
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RecordErrors errors = new RecordErrors();
    Map<String, OsvRecord> records = new LinkedHashMap<>();
    if (fetcher.isDirectory(path)) {
      readMirror(fetcher.directory(path), records, errors);
      return FeedUpdate.full(name(), List.copyOf(records.values()), errors, now.toString());
    }
    if (cursor == null || cursor.isBlank()) {
      pages(Map.of(), records, errors);
      return FeedUpdate.full(name(), List.copyOf(records.values()), errors, now.toString());
    }
    Instant start = Instant.parse(cursor);
    while (start.isBefore(now)) {
      Instant end = start.plus(MAX_WINDOW).isBefore(now) ? start.plus(MAX_WINDOW) : now;
      pages(
          Map.of(
              "lastModStartDate", NVD_TIME.format(start), "lastModEndDate", NVD_TIME.format(end)),
          records,
          errors);
      start = end;
    }
    return new FeedUpdate(
        name(),
        FeedUpdate.Kind.INCREMENTAL,
        List.copyOf(records.values()),
        List.of(),
        List.of(),
        errors,
        now.toString());
  }

  private void pages(Map<String, String> window, Map<String, OsvRecord> out, RecordErrors errors)
      throws IOException {
    int start = 0;
    while (true) {
      Map<String, String> q = new LinkedHashMap<>(window);
      q.put("resultsPerPage", Integer.toString(pageSize));
      q.put("startIndex", Integer.toString(start));
      try {
        limiter.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FeedUnavailableException("interrupted waiting for the NVD rate limit", e);
      }
      JsonNode page;
      try (Fetcher.Fetched f = fetcher.fetch(path, q)) {
        page = readPage(f.path());
      }
      int received = addPage(page, out, errors);
      int total = page.path("totalResults").asInt(0);
      start += received;
      if (received == 0 || start >= total) {
        return;
      }
    }
  }

  private static JsonNode readPage(Path p) throws IOException {
    try {
      JsonNode page = FeedJson.JSON.readTree(Archives.read(p, 1L << 30));
      if (page == null || !page.path("vulnerabilities").isArray()) {
        throw new FeedUnavailableException("NVD response has no vulnerabilities array");
      }
      return page;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FeedUnavailableException("NVD page unreadable: " + e.getOriginalMessage(), e);
    }
  }

  private static int addPage(JsonNode page, Map<String, OsvRecord> out, RecordErrors errors) {
    int n = 0;
    for (JsonNode item : page.path("vulnerabilities")) {
      n++;
      add(item.path("cve"), out, errors);
    }
    return n;
  }

  private static void add(JsonNode cve, Map<String, OsvRecord> out, RecordErrors errors) {
    try {
      OsvRecord r = NvdCve.parse(cve);
      out.put(r.id(), r);
    } catch (IOException | RuntimeException e) {
      errors.add(cve.path("id").asText("?"), e);
    }
  }

  private static void readMirror(Path dir, Map<String, OsvRecord> out, RecordErrors errors)
      throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files =
          s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> p.toString().endsWith(".json"))
              .sorted()
              .toList();
    }
    for (Path f : files) {
      try {
        JsonNode n = FeedJson.JSON.readTree(Archives.read(f, 1L << 30));
        if (n.path("vulnerabilities").isArray()) {
          addPage(n, out, errors);
        } else {
          add(n.has("cve") ? n.path("cve") : n, out, errors);
        }
      } catch (IOException e) {
        errors.add(f.toString(), e);
      }
    }
  }
}
