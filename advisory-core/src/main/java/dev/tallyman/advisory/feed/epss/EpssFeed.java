package dev.tallyman.advisory.feed.epss;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.SnapshotFeed;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FIRST EPSS daily scores ({@code epss_scores-current.csv.gz}): a comment line {@code
 * #model_version:...,score_date:...}, a header {@code cve,epss,percentile}, one line per CVE. The
 * whole gzip is inflated (and so verified) before parsing; the score date is the cursor.
 */
public final class EpssFeed extends SnapshotFeed<EpssFeed.Scores> {
  private static final Pattern SCORE_DATE = Pattern.compile("score_date:([0-9T:+\\-]+)");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final String path;

  /** The inflated CSV (headers checked) and its score date, if the comment line has one. */
  record Scores(byte[] csv, LocalDate date) {}

  public EpssFeed(Fetcher fetcher, String path) {
    super(fetcher);
    this.path = path;
  }

  @Override
  public String name() {
    return "epss";
  }

  @Override
  protected List<String> paths() {
    return List.of(path);
  }

  @Override
  protected Scores read(List<Doc> docs) throws IOException {
    Path file = docs.get(0).file();
    byte[] csv =
        path.endsWith(".gz") ? Archives.gunzip(file, 512L << 20) : Archives.read(file, 512L << 20);
    try (BufferedReader r = reader(csv)) {
      String first = r.readLine();
      if (first == null || !first.startsWith("#")) {
        throw new FeedUnavailableException("EPSS file has no #model_version header");
      }
      LocalDate date = null;
      Matcher m = SCORE_DATE.matcher(first);
      if (m.find()) {
        date = OffsetDateTime.parse(m.group(1), OFFSET).toLocalDate();
      }
      String header = r.readLine();
      if (header == null || !header.trim().equals("cve,epss,percentile")) {
        throw new FeedUnavailableException("EPSS header is not cve,epss,percentile: " + header);
      }
      return new Scores(csv, date);
    }
  }

  /** The score date; a file without one is versioned by its content. */
  @Override
  protected String version(Scores s, String contentHash) {
    return s.date() == null ? contentHash : s.date().toString();
  }

  @Override
  protected Parsed parse(Scores s, RecordErrors errors) throws IOException {
    List<Enrichment> out = new ArrayList<>();
    try (BufferedReader r = reader(s.csv())) {
      r.readLine();
      r.readLine();
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
          out.add(new Enrichment.Epss(c[0], score, pct, s.date()));
        } catch (IllegalArgumentException e) {
          errors.add(c.length > 0 ? c[0] : "?", e);
        }
      }
    }
    return Parsed.enrichments(out);
  }

  private static BufferedReader reader(byte[] csv) {
    return new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8));
  }
}
