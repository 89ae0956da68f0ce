package dev.tallyman.advisory.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvPackage;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.osv.OsvReference;
import dev.tallyman.advisory.osv.OsvSeverity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Helpers for feeds that translate a native format into OSV-shaped records. */
public final class Records {
  private Records() {}

  /** CVE, GHSA and the distro ids we recognise in free-text lists. */
  public static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

  /** Status kept in {@code database_specific.status} of an affected entry. */
  public static final String FIXED = "fixed";

  public static final String NO_FIX_YET = "no-fix-yet";
  public static final String NOT_AFFECTED = "not-affected";

  /** A distro record: id, upstream ids, text, severity, affected entries, provenance. */
  public static OsvRecord distro(
      String id,
      String modified,
      List<String> aliases,
      List<String> upstream,
      String summary,
      String details,
      List<OsvSeverity> severity,
      List<OsvAffected> affected,
      List<OsvReference> references,
      JsonNode databaseSpecific) {
    return new OsvRecord(
        "1.6.0",
        id,
        modified,
        null,
        null,
        aliases,
        List.of(),
        upstream,
        summary,
        details,
        severity,
        affected,
        references,
        databaseSpecific);
  }

  /**
   * One affected package. {@code fixed} null means no fix yet (affected from the start, open
   * ended); {@code notAffected} gives an entry with no range, which never matches but is kept so
   * "not affected" can be shown.
   */
  public static OsvAffected affected(
      String ecosystem, String name, String purl, String fixed, boolean notAffected, JsonNode db) {
    List<OsvRange> ranges = new ArrayList<>();
    if (!notAffected) {
      List<OsvEvent> events = new ArrayList<>();
      events.add(OsvEvent.introduced("0"));
      if (fixed != null) {
        events.add(OsvEvent.fixed(fixed));
      }
      ranges.add(new OsvRange("ECOSYSTEM", null, events, null));
    }
    return new OsvAffected(
        new OsvPackage(ecosystem, name, purl), List.of(), ranges, List.of(), null, db);
  }

  /** Status of an affected entry written by a distro feed, or "" for plain OSV. */
  public static String status(OsvAffected a) {
    JsonNode db = a.databaseSpecific();
    return db == null ? "" : db.path("status").asText("");
  }
}
