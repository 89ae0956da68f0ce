package dev.tallyman.advisory.feed.debian;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.feed.SnapshotFeed;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.osv.OsvReference;
import dev.tallyman.advisory.severity.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Debian Security Tracker JSON ({@code tracker/data/json}): source package → CVE → release codename
 * → {status, fixed_version, urgency}. One record per CVE ({@code DEBIAN-CVE-...}, upstream = the
 * CVE) with one affected entry per (source package, release), ecosystem {@code Debian:<number>}.
 * Kept statuses: fixed (range up to {@code fixed_version}), not affected ({@code fixed_version}
 * "0": no range, never matches), no fix yet (open/undetermined: open range). The tracker urgency is
 * the vendor severity. The file is one snapshot: the cursor is its hash.
 */
public final class DebianTrackerFeed extends SnapshotFeed<Path> {

  /** Codename → release number as used in OSV ecosystems ("Debian:12"). */
  public static final Map<String, String> RELEASES =
      Map.ofEntries(
          Map.entry("buzz", "1.1"),
          Map.entry("potato", "2.2"),
          Map.entry("woody", "3.0"),
          Map.entry("sarge", "3.1"),
          Map.entry("etch", "4"),
          Map.entry("lenny", "5"),
          Map.entry("squeeze", "6"),
          Map.entry("wheezy", "7"),
          Map.entry("jessie", "8"),
          Map.entry("stretch", "9"),
          Map.entry("buster", "10"),
          Map.entry("bullseye", "11"),
          Map.entry("bookworm", "12"),
          Map.entry("trixie", "13"),
          Map.entry("forky", "14"),
          Map.entry("duke", "15"));

  private final String path;

  public DebianTrackerFeed(Fetcher fetcher, String path) {
    super(fetcher);
    this.path = path;
  }

  public DebianTrackerFeed(Fetcher fetcher) {
    this(fetcher, "tracker/data/json");
  }

  @Override
  public String name() {
    return "debian";
  }

  @Override
  protected List<String> paths() {
    return List.of(path);
  }

  /** Tens of MB: parsed as a stream from the file rather than read whole. */
  @Override
  protected Path read(List<Doc> docs) {
    return docs.get(0).file();
  }

  @Override
  protected Parsed parse(Path file, RecordErrors errors) throws IOException {
    Map<String, Acc> byCve = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = FeedJson.JSON.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FeedUnavailableException("tracker JSON is not an object");
      }
      // Streamed per source package: the whole file is tens of MB, one package is small.
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String pkg = p.currentName();
        p.nextToken();
        JsonNode cves = FeedJson.JSON.readTree(p);
        if (cves == null || !cves.isObject()) {
          errors.add(pkg, "package entry is not an object");
          continue;
        }
        Iterator<Map.Entry<String, JsonNode>> it = cves.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          try {
            addCve(pkg, e.getKey(), e.getValue(), byCve);
          } catch (RuntimeException ex) {
            errors.add(e.getKey() + "/" + pkg, ex);
          }
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // The top-level document is broken (e.g. a truncated mirror copy): apply nothing.
      throw new FeedUnavailableException("tracker JSON unreadable: " + e.getOriginalMessage(), e);
    }
    List<OsvRecord> records = new ArrayList<>(byCve.size());
    byCve.values().forEach(a -> records.add(a.build()));
    return Parsed.records(records);
  }

  private static void addCve(String pkg, String cve, JsonNode v, Map<String, Acc> byCve) {
    JsonNode releases = v.get("releases");
    if (releases == null || !releases.isObject()) {
      throw new IllegalArgumentException("releases is not an object");
    }
    Acc acc = byCve.computeIfAbsent(cve, Acc::new);
    if (acc.description == null) {
      acc.description = FeedJson.text(v, "description");
    }
    Iterator<Map.Entry<String, JsonNode>> it = releases.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> r = it.next();
      String codename = r.getKey();
      JsonNode rel = r.getValue();
      String status = rel.path("status").asText("");
      String fixed = FeedJson.text(rel, "fixed_version");
      String urgency = rel.path("urgency").asText("");
      String number = RELEASES.get(codename);
      String ecosystem = "Debian:" + (number != null ? number : codename);
      ObjectNode db = FeedJson.object();
      db.put("tracker_status", status);
      db.put("urgency", urgency);
      db.put("codename", codename);
      if (rel.hasNonNull("nodsa")) {
        db.put("nodsa", rel.get("nodsa").asText());
      }
      Optional<Severity> sev = severity(urgency);
      sev.ifPresent(s -> db.put("severity", s.name()));
      boolean notAffected = "resolved".equals(status) && "0".equals(fixed);
      String kept;
      if (notAffected) {
        kept = Records.NOT_AFFECTED;
      } else if ("resolved".equals(status) && fixed != null) {
        kept = Records.FIXED;
      } else {
        kept = Records.NO_FIX_YET;
        fixed = null;
      }
      db.put("status", kept);
      String purl = "pkg:deb/debian/" + pkg + "?arch=source";
      acc.affected.add(Records.affected(ecosystem, pkg, purl, fixed, notAffected, db));
      if (!notAffected) {
        sev.ifPresent(
            s -> acc.worst = acc.worst == null || s.compareTo(acc.worst) > 0 ? s : acc.worst);
      }
    }
  }

  /** Tracker urgency ("low**" = guessed by the tracker) → severity; none for "not yet assigned". */
  static Optional<Severity> severity(String urgency) {
    String u = urgency.replace("*", "").trim().toLowerCase(Locale.ROOT);
    return switch (u) {
      case "unimportant" -> Optional.of(Severity.NEGLIGIBLE);
      case "low" -> Optional.of(Severity.LOW);
      case "medium" -> Optional.of(Severity.MEDIUM);
      case "high" -> Optional.of(Severity.HIGH);
      default -> Optional.empty();
    };
  }

  private static final class Acc {
    final String cve;
    String description;
    Severity worst;
    final List<OsvAffected> affected = new ArrayList<>();

    Acc(String cve) {
      this.cve = cve;
    }

    OsvRecord build() {
      ObjectNode db = FeedJson.object();
      db.put("source", "debian-security-tracker");
      if (worst != null) {
        db.put("severity", worst.name());
      }
      List<String> upstream = Records.CVE.matcher(cve).matches() ? List.of(cve) : List.of();
      ArrayNode unused = db.putArray("releases");
      affected.stream().map(a -> a.pkg().ecosystem()).distinct().forEach(unused::add);
      return Records.distro(
          "DEBIAN-" + cve,
          null,
          List.of(),
          upstream,
          null,
          description,
          List.of(),
          List.copyOf(affected),
          List.of(
              new OsvReference("ADVISORY", "https://security-tracker.debian.org/tracker/" + cve)),
          db);
    }
  }
}
