package dev.tallyman.advisory.feed.wolfi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Wolfi/Chainguard advisory documents ({@code <package>.advisories.yaml}, schema 2): one {@code
 * CGA-...} advisory per vulnerability with its aliases (CVE, GHSA) and a history of events. The
 * latest event decides the status: {@code fixed} (with {@code fixed-version}), {@code
 * false-positive-determination} (not affected, kept with its reason), anything else (detection,
 * true-positive, pending-upstream-fix, fix-not-planned) is affected with no fix yet. Read from a
 * zip of the repository or a checkout; the cursor is the newest event time.
 */
public final class WolfiAdvisoriesFeed implements Feed {
  private final String distro;
  private final Fetcher fetcher;
  private final String path;

  public WolfiAdvisoriesFeed(String distro, Fetcher fetcher, String path) {
    this.distro = distro;
    this.fetcher = fetcher;
    this.path = path;
  }

  @Override
  public String name() {
    return distro.toLowerCase(Locale.ROOT) + "-advisories";
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    RecordErrors errors = new RecordErrors();
    List<OsvRecord> all = new ArrayList<>();
    if (fetcher.isDirectory(path)) {
      List<Path> files;
      Path dir = fetcher.directory(path);
      try (Stream<Path> s = Files.walk(dir)) {
        files =
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .filter(p -> p.getFileName().toString().endsWith(".advisories.yaml"))
                .sorted()
                .toList();
      }
      for (Path f : files) {
        parseInto(
            f.getFileName().toString(), Archives.read(f, Archives.MAX_ENTRY_BYTES), all, errors);
      }
    } else {
      try (Fetcher.Fetched zip = fetcher.fetch(path, Map.of())) {
        for (Archives.Entry e : Archives.readZip(zip.path(), n -> n.endsWith(".advisories.yaml"))) {
          parseInto(e.name(), e.bytes(), all, errors);
        }
      }
    }
    Instant newest =
        all.stream()
            .map(r -> r.modifiedAt().orElse(Instant.EPOCH))
            .max(Instant::compareTo)
            .orElse(Instant.EPOCH);
    if (cursor == null || cursor.isBlank()) {
      return FeedUpdate.full(name(), all, errors, newest.toString());
    }
    Instant since = Instant.parse(cursor);
    List<OsvRecord> changed =
        all.stream().filter(r -> r.modifiedAt().map(m -> m.isAfter(since)).orElse(true)).toList();
    if (changed.isEmpty()) {
      return FeedUpdate.unchanged(name(), cursor);
    }
    return new FeedUpdate(
        name(),
        FeedUpdate.Kind.INCREMENTAL,
        changed,
        List.of(),
        List.of(),
        errors,
        newest.isAfter(since) ? newest.toString() : cursor);
  }

  private void parseInto(String file, byte[] bytes, List<OsvRecord> out, RecordErrors errors) {
    JsonNode doc;
    try {
      doc = FeedJson.YAML.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      errors.add(file, e);
      return;
    }
    String pkg = doc == null ? "" : doc.path("package").path("name").asText("");
    if (pkg.isEmpty() || !doc.path("advisories").isArray()) {
      errors.add(file, "no package.name or advisories list");
      return;
    }
    for (JsonNode adv : doc.path("advisories")) {
      String id = adv.path("id").asText("");
      try {
        out.add(advisory(pkg, adv));
      } catch (RuntimeException e) {
        errors.add(id.isEmpty() ? file : id, e);
      }
    }
  }

  private OsvRecord advisory(String pkg, JsonNode adv) {
    String id = adv.path("id").asText("");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("advisory without id");
    }
    JsonNode latest = null;
    Instant latestAt = null;
    for (JsonNode ev : adv.path("events")) {
      Instant at = OffsetDateTime.parse(ev.path("timestamp").asText()).toInstant();
      if (latestAt == null || !at.isBefore(latestAt)) {
        latest = ev;
        latestAt = at;
      }
    }
    if (latest == null) {
      throw new IllegalArgumentException("advisory without events");
    }
    String type = latest.path("type").asText("");
    ObjectNode db = FeedJson.object();
    db.put("event_type", type);
    String fixed = null;
    boolean notAffected = false;
    if (type.equals("fixed")) {
      fixed = latest.path("data").path("fixed-version").asText("");
      if (fixed.isEmpty()) {
        throw new IllegalArgumentException("fixed event without fixed-version");
      }
      db.put("status", Records.FIXED);
    } else if (type.equals("false-positive-determination")) {
      notAffected = true;
      db.put("status", Records.NOT_AFFECTED);
      db.put("justification", latest.path("data").path("type").asText(""));
    } else {
      db.put("status", Records.NO_FIX_YET);
    }
    if (latest.path("data").hasNonNull("note")) {
      db.put("note", latest.path("data").path("note").asText());
    }
    List<String> aliases = new ArrayList<>();
    adv.path("aliases").forEach(a -> aliases.add(a.asText()));
    String purl = "pkg:apk/" + distro.toLowerCase(Locale.ROOT) + "/" + pkg;
    ObjectNode recordDb = FeedJson.object();
    recordDb.put("source", name());
    return new OsvRecord(
        "1.6.0",
        id,
        latestAt.toString(),
        null,
        null,
        aliases,
        List.of(),
        List.of(),
        null,
        null,
        List.of(),
        List.of(Records.affected(distro, pkg, purl, fixed, notAffected, db)),
        List.of(),
        recordDb);
  }
}
