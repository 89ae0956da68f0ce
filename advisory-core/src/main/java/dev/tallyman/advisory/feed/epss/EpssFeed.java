package dev.tallyman.advisory.feed.epss;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FIRST EPSS daily scores ({@code epss_scores-current.csv.gz}): a comment line {@code
 * #model_version:...,score_date:...}, a header {@code cve,epss,percentile}, one line per CVE. The
 * whole gzip is inflated (and so verified) before parsing; the score date is the cursor.
 */
public final class EpssFeed implements Feed {
  private static final Pattern SCORE_DATE = Pattern.compile("score_date:([0-9T:+\\-]+)");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final Fetcher fetcher;
  private final String path;

  public EpssFeed(Fetcher fetcher, String path) {
    this.fetcher = fetcher;
    this.path = path;
  }

  @Override
  public String name() {
    return "epss";
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    byte[] csv;
    try (Fetcher.Fetched f = fetcher.fetch(path, Map.of())) {
      csv =
          path.endsWith(".gz")
              ? Archives.gunzip(f.path(), 512L << 20)
              : Archives.read(f.path(), 512L << 20);
    }
    RecordErrors errors = new RecordErrors();
    List<Enrichment> out = new ArrayList<>();
    LocalDate date = null;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8))) {
      String first = r.readLine();
      if (first == null || !first.startsWith("#")) {
        throw new FeedUnavailableException("EPSS file has no #model_version header");
      }
      Matcher m = SCORE_DATE.matcher(first);
      if (m.find()) {
        date = OffsetDateTime.parse(m.group(1), OFFSET).toLocalDate();
      }
      String header = r.readLine();
      if (header == null || !header.trim().equals("cve,epss,percentile")) {
        throw new FeedUnavailableException("EPSS header is not cve,epss,percentile: " + header);
      }
      if (date != null && date.toString().equals(cursor)) {
        return FeedUpdate.unchanged(name(), cursor);
      }
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] c = line.split(",");
        try {
          if (c.length != 3 || !c[0].startsWith("CVE-")) {
            throw new IllegalArgumentException("expected cve,epss,percentile");
          }
          double score = Double.parseDouble(c[1]);
          double pct = Double.parseDouble(c[2]);
          if (score < 0 || score > 1 || pct < 0 || pct > 1) {
            throw new IllegalArgumentException("score out of [0,1]");
          }
          out.add(new Enrichment.Epss(c[0], score, pct, date));
        } catch (IllegalArgumentException e) {
          errors.add(c.length > 0 ? c[0] : "?", e);
        }
      }
    }
    return FeedUpdate.fullEnrichment(name(), out, errors, date == null ? "" : date.toString());
  }
}
