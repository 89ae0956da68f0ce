package dev.tallyman.report.lifecycle;

import dev.tallyman.report.index.FindingDocuments;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Status bookkeeping of a finding document (plain Java, no Elasticsearch). The rules only look at
 * what is stored and at the report's version, so processing the same report twice writes the same
 * document and no second transition: that is what makes a replay of the topic idempotent.
 */
public final class Lifecycle {
  public static final String STATUS = "tallyman.finding.status";
  public static final String FIRST_SEEN = "tallyman.finding.first_seen";
  public static final String LAST_SEEN = "tallyman.finding.last_seen";
  public static final String STATUS_SINCE = "tallyman.finding.status_since";
  public static final String FIXED_AT = "tallyman.finding.fixed_at";
  public static final String FIXED_BY = "tallyman.finding.fixed_by";
  public static final String REPORT_ID = "tallyman.report.id";

  private Lifecycle() {}

  /** The lifecycle of a finding listed by report {@code v}; the document comes back updated. */
  public record Outcome(Map<String, Object> source, Optional<Transition> transition) {}

  /**
   * @param incoming the document the report maps to (no lifecycle fields yet)
   * @param stored what the index holds under the same id, null when new
   */
  public static Outcome listed(
      String id, Map<String, Object> incoming, Map<String, Object> stored, ReportVersion v) {
    Map<String, Object> doc = FindingDocuments.deepCopy(new LinkedHashMap<>(incoming));
    String t = v.generatedAt().toString();
    FindingDocuments.put(doc, LAST_SEEN, t);
    if (stored == null) {
      return opened(id, doc, FindingStatus.OPEN, t, t, v);
    }
    FindingStatus before =
        FindingStatus.parse(str(stored, STATUS)).orElse(FindingStatus.OPEN); // pre-lifecycle docs
    String firstSeen = Optional.ofNullable(str(stored, FIRST_SEEN)).orElse(t);
    if (v.reportId().equals(str(stored, REPORT_ID)) && before.active()) {
      // the same report again (replay, redelivery, a second part): keep what it decided then
      FindingDocuments.put(doc, STATUS, before.value());
      FindingDocuments.put(doc, FIRST_SEEN, firstSeen);
      FindingDocuments.put(
          doc, STATUS_SINCE, Optional.ofNullable(str(stored, STATUS_SINCE)).orElse(firstSeen));
      FindingDocuments.put(doc, LAST_SEEN, Optional.ofNullable(str(stored, LAST_SEEN)).orElse(t));
      // if this report made the change, say so again: a retried batch whose history write failed
      // the first time must not lose the entry (same id, same content when it did not fail)
      Optional<Transition> again =
          t.equals(str(stored, STATUS_SINCE))
              ? Optional.of(new Transition(id, before, v.generatedAt(), v.reportId()))
              : Optional.empty();
      return new Outcome(doc, again);
    }
    if (!before.active()) {
      return opened(id, doc, FindingStatus.REOPENED, firstSeen, t, v);
    }
    FindingDocuments.put(doc, STATUS, before.value());
    FindingDocuments.put(doc, FIRST_SEEN, firstSeen);
    FindingDocuments.put(
        doc, STATUS_SINCE, Optional.ofNullable(str(stored, STATUS_SINCE)).orElse(firstSeen));
    return new Outcome(doc, Optional.empty());
  }

  /** The partial document that marks an active finding fixed by report {@code v}. */
  public static Map<String, Object> fixedPatch(ReportVersion v) {
    Map<String, Object> patch = new LinkedHashMap<>();
    String t = v.generatedAt().toString();
    FindingDocuments.put(patch, STATUS, FindingStatus.FIXED.value());
    FindingDocuments.put(patch, STATUS_SINCE, t);
    FindingDocuments.put(patch, FIXED_AT, t);
    FindingDocuments.put(patch, FIXED_BY, v.reportId());
    return patch;
  }

  public static Transition fixed(String id, ReportVersion v) {
    return new Transition(id, FindingStatus.FIXED, v.generatedAt(), v.reportId());
  }

  /** Whether a stored document is an active finding (documents from before lifecycle are). */
  public static boolean active(Map<String, ?> stored) {
    return FindingStatus.parse(str(stored, STATUS)).map(FindingStatus::active).orElse(true);
  }

  private static Outcome opened(
      String id,
      Map<String, Object> doc,
      FindingStatus status,
      String firstSeen,
      String t,
      ReportVersion v) {
    FindingDocuments.put(doc, STATUS, status.value());
    FindingDocuments.put(doc, FIRST_SEEN, firstSeen);
    FindingDocuments.put(doc, STATUS_SINCE, t);
    return new Outcome(doc, Optional.of(new Transition(id, status, v.generatedAt(), v.reportId())));
  }

  static String str(Map<String, ?> doc, String path) {
    Object o = FindingDocuments.get(doc, path);
    return o == null ? null : o.toString();
  }

  /** Instants are stored as ISO-8601 strings. */
  public static Instant instant(Object o) {
    return o == null ? null : Instant.parse(o.toString());
  }

  static List<String> fields() {
    return List.of(STATUS, FIRST_SEEN, LAST_SEEN, STATUS_SINCE, FIXED_AT, FIXED_BY);
  }
}
