package dev.tallyman.report.index;

import dev.tallyman.report.lifecycle.ReportVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a delete event does to an image document (plain Java). The removed locations and the time of
 * the last delete stay on the image, so the order in which the findings topic and the image-event
 * topics are replayed does not matter: a report not newer than the delete cannot bring a removed
 * location back, and cannot revive an image that has no location left.
 */
public final class Deletions {
  public static final String REMOVED = "tallyman.image.removed_locations";
  public static final String DELETED_AT = "tallyman.image.deleted_at";
  public static final String STATUS = "tallyman.scan.status";
  public static final String DELETED = "deleted";

  private Deletions() {}

  public static boolean deleted(Map<String, ?> image) {
    return image != null && DELETED.equals(string(image, STATUS));
  }

  public static Instant deletedAt(Map<String, ?> image) {
    String s = image == null ? null : string(image, DELETED_AT);
    return s == null ? null : Instant.parse(s);
  }

  /** Removal patterns recorded on the image (an empty part matches anything). */
  public static List<Location> removed(Map<String, ?> image) {
    if (image == null) {
      return List.of();
    }
    return Locations.strings(FindingDocuments.get(image, REMOVED)).stream()
        .map(Location::parse)
        .filter(l -> l != null)
        .toList();
  }

  /** The removals a report of version {@code v} must respect: those not older than it. */
  public static List<Location> applying(Map<String, ?> image, ReportVersion v) {
    Instant at = deletedAt(image);
    return at != null && !v.generatedAt().isAfter(at) ? removed(image) : List.of();
  }

  /** A deleted image ignores reports generated before (or at) its deletion. */
  public static boolean supersedes(Map<String, ?> image, ReportVersion v) {
    Instant at = deletedAt(image);
    return deleted(image) && at != null && !v.generatedAt().isAfter(at);
  }

  /**
   * The outcome of a delete on one image.
   *
   * @param remaining locations left after the delete
   * @param patch partial update of the image document
   */
  public record Outcome(List<Location> remaining, Map<String, Object> patch) {
    public boolean gone() {
      return remaining.isEmpty();
    }
  }

  /**
   * @param image the stored image document (null: nothing indexed yet)
   * @param removals what the event names; an empty list removes every location
   * @param at when the registry said so (event time, so a replay writes the same values)
   */
  public static Outcome apply(Map<String, ?> image, List<Location> removals, Instant at) {
    List<Location> effective =
        removals.isEmpty() ? List.of(new Location("", "", "")) : List.copyOf(removals);
    List<Location> remaining = Locations.without(Locations.stored(image), effective);
    LinkedHashSet<String> removed = new LinkedHashSet<>();
    removed(image).forEach(l -> removed.add(l.key()));
    effective.forEach(l -> removed.add(l.key()));
    List<String> keys = new ArrayList<>(removed);
    if (keys.size() > Locations.MAX) {
      keys = keys.subList(keys.size() - Locations.MAX, keys.size());
    }
    Instant before = deletedAt(image);
    Instant when = before != null && before.isAfter(at) ? before : at;
    Map<String, Object> patch = Locations.patchUnlessGone(remaining);
    FindingDocuments.put(patch, REMOVED, List.copyOf(keys));
    FindingDocuments.put(patch, DELETED_AT, when.toString());
    if (remaining.isEmpty()) {
      FindingDocuments.put(patch, STATUS, DELETED);
    }
    return new Outcome(remaining, patch);
  }

  /** Carries the delete bookkeeping of {@code previous} over to a rewritten image document. */
  public static void carryOver(Map<String, ?> previous, Map<String, Object> doc) {
    if (previous == null) {
      return;
    }
    Object removed = FindingDocuments.get(previous, REMOVED);
    if (removed != null) {
      FindingDocuments.put(doc, REMOVED, removed);
    }
    String at = string(previous, DELETED_AT);
    if (at != null) {
      FindingDocuments.put(doc, DELETED_AT, at);
    }
  }

  private static String string(Map<String, ?> doc, String path) {
    Object o = FindingDocuments.get(doc, path);
    return o == null ? null : o.toString();
  }

  static Map<String, Object> copy(Map<String, Object> m) {
    return FindingDocuments.deepCopy(new LinkedHashMap<>(m));
  }
}
