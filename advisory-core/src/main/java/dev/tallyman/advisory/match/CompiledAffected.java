package dev.tallyman.advisory.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One affected entry with every range bound parsed into its scheme's key and sorted once, at load
 * time. {@link #evaluate} is the hot path of matching: it compares pre-parsed keys only, allocates
 * nothing unless the version is affected, and answers exactly what {@link AffectedRanges#evaluate}
 * answers (a property test holds the two together).
 */
public final class CompiledAffected {
  private static final Bound[] NONE = new Bound[0];

  /** One range event with its parsed key; {@code key} is null for "introduced 0" and limit "*". */
  private record Bound(OsvEvent.Kind kind, String version, Object key) {
    boolean zero() {
      return kind == OsvEvent.Kind.INTRODUCED && key == null;
    }

    boolean unbounded() {
      return kind == OsvEvent.Kind.LIMIT && key == null;
    }
  }

  private record Range(String description, Bound[] sorted, Bound[] limits) {}

  private final OsvAffected affected;
  private final VersionScheme scheme;
  private final Range[] ranges;
  private final String[] listed;
  private final Object[] listedKeys; // null where the listed version is invalid in the scheme
  private final Object[] sortedKeys; // the valid listed keys in scheme order, for binary search
  private final String status;

  private CompiledAffected(
      OsvAffected affected,
      VersionScheme scheme,
      Range[] ranges,
      String[] listed,
      Object[] listedKeys,
      String status) {
    this.affected = affected;
    this.scheme = scheme;
    this.ranges = ranges;
    this.listed = listed;
    this.listedKeys = listedKeys;
    this.status = status;
    // PyPI records list hundreds of versions: search them, do not scan them
    this.sortedKeys =
        java.util.Arrays.stream(listedKeys)
            .filter(java.util.Objects::nonNull)
            .sorted(scheme::compareKeys)
            .toArray();
  }

  /** Parses and sorts every range of {@code affected}; ranges with an invalid bound are dropped. */
  public static CompiledAffected compile(OsvAffected affected, VersionScheme scheme) {
    List<Range> ranges = new ArrayList<>();
    for (OsvRange r : affected.ranges()) {
      if (!"ECOSYSTEM".equals(r.type()) && !"SEMVER".equals(r.type())) {
        continue;
      }
      try {
        ranges.add(compileRange(r, scheme));
      } catch (InvalidVersionException e) {
        // as the slow path: one bad bound makes the whole range unordered, skip it
      }
    }
    String[] listed = affected.versions().toArray(String[]::new);
    Object[] keys = new Object[listed.length];
    for (int i = 0; i < listed.length; i++) {
      try {
        keys[i] = scheme.key(listed[i]);
      } catch (InvalidVersionException e) {
        keys[i] = null;
      }
    }
    return new CompiledAffected(
        affected, scheme, ranges.toArray(Range[]::new), listed, keys, status(affected));
  }

  private static Range compileRange(OsvRange range, VersionScheme scheme) {
    List<Bound> bounds = new ArrayList<>();
    for (OsvEvent e : range.events()) {
      if (e.kind() == null) {
        continue;
      }
      boolean zero = e.kind() == OsvEvent.Kind.INTRODUCED && "0".equals(e.introduced());
      boolean unbounded = e.kind() == OsvEvent.Kind.LIMIT && "*".equals(e.limit());
      bounds.add(
          new Bound(e.kind(), e.version(), zero || unbounded ? null : scheme.key(e.version())));
    }
    // Same order as the slow path: "introduced 0" first, limit "*" last, else by version with an
    // introduction before any other event at the same version. List.sort is stable, as there.
    Comparator<Bound> byVersion =
        (a, b) -> {
          if (a.zero() || b.zero()) {
            return Boolean.compare(!a.zero(), !b.zero());
          }
          if (a.unbounded() || b.unbounded()) {
            return Boolean.compare(a.unbounded(), b.unbounded());
          }
          return scheme.compareKeys(a.key(), b.key());
        };
    bounds.sort(byVersion.thenComparing(b -> b.kind() == OsvEvent.Kind.INTRODUCED ? 0 : 1));
    List<Bound> limits = new ArrayList<>();
    for (Bound b : bounds) {
      if (b.kind() == OsvEvent.Kind.LIMIT && !b.unbounded()) {
        limits.add(b);
      }
    }
    return new Range(
        range.describe(),
        bounds.toArray(Bound[]::new),
        limits.isEmpty() ? NONE : limits.toArray(Bound[]::new));
  }

  public OsvAffected affected() {
    return affected;
  }

  public VersionScheme scheme() {
    return scheme;
  }

  /**
   * The vendor's status of this entry ({@code database_specific.status}: "fixed", "no-fix-yet",
   * "not-affected"; Debian's tracker and Red Hat's CSAF status are used when that is missing), or
   * "" when the feed gives none.
   */
  public String status() {
    return status;
  }

  /** Number of ECOSYSTEM/SEMVER ranges that could be ordered. */
  public int rangeCount() {
    return ranges.length;
  }

  /**
   * Whether the installed version (as {@code key}, from {@link VersionScheme#key}) is affected.
   *
   * @return the hit, or null when not affected
   */
  public AffectedRanges.Hit evaluate(String installed, Object key) {
    String descriptions = null;
    Bound fix = null;
    for (Range r : ranges) {
      if (isAffected(r, key)) {
        descriptions =
            descriptions == null ? r.description() : descriptions + "; " + r.description();
        fix = lower(fix, firstFixAbove(r, key));
      }
    }
    if (descriptions == null && isListed(key)) {
      descriptions = "versions list";
      for (Range r : ranges) {
        fix = lower(fix, firstFixAbove(r, key));
      }
    }
    if (descriptions == null) {
      return null;
    }
    return new AffectedRanges.Hit(fix == null ? "" : fix.version(), descriptions);
  }

  private boolean isAffected(Range r, Object v) {
    boolean affected = false;
    for (Bound b : r.sorted()) {
      OsvEvent.Kind kind = b.kind();
      if (kind == OsvEvent.Kind.LIMIT) {
        continue; // a limit caps the whole range, below
      }
      if (b.key() == null) {
        affected = true; // introduced "0"
        continue;
      }
      int c = scheme.compareKeys(v, b.key());
      if (c < 0) {
        // bounds are sorted: every later one is at or above this one, so none of them can
        // change the answer any more (introduced/fixed need v >= bound, last_affected v > bound)
        break;
      }
      if (kind == OsvEvent.Kind.INTRODUCED) {
        affected = true;
      } else if (kind == OsvEvent.Kind.FIXED || c > 0) {
        affected = false;
      }
    }
    for (Bound l : r.limits()) {
      if (scheme.compareKeys(v, l.key()) >= 0) {
        return false;
      }
    }
    return affected;
  }

  private Bound firstFixAbove(Range r, Object v) {
    for (Bound b : r.sorted()) {
      if (b.kind() == OsvEvent.Kind.FIXED && scheme.compareKeys(b.key(), v) > 0) {
        return b;
      }
    }
    return null;
  }

  private Bound lower(Bound a, Bound b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return scheme.compareKeys(a.key(), b.key()) <= 0 ? a : b;
  }

  /**
   * Whether a listed version equals the installed one in the scheme's order. The installed version
   * is valid, so a listed string equal to it is valid too: a search of the valid keys covers both
   * ways the reference ({@link AffectedRanges}) accepts a listed version.
   */
  private boolean isListed(Object key) {
    int lo = 0;
    int hi = sortedKeys.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = scheme.compareKeys(sortedKeys[mid], key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private int listed(String installed, Object key) {
    for (int i = 0; i < listed.length; i++) {
      if (listed[i].equals(installed)
          || (listedKeys[i] != null && scheme.compareKeys(listedKeys[i], key) == 0)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The comparisons behind the answer for {@code installed}, one line per range (and for the
   * versions list and the vendor status), each starting with {@code prefix}. Off the hot path: only
   * built when a caller asks to explain.
   */
  public List<String> explain(String prefix, String installed, Object key, String schemeLabel) {
    List<String> lines = new ArrayList<>();
    boolean anyRange = false;
    for (Range r : ranges) {
      List<String> steps = new ArrayList<>();
      boolean affected = false;
      for (Bound b : r.sorted()) {
        switch (b.kind()) {
          case INTRODUCED -> {
            if (b.key() == null) {
              steps.add("introduced 0");
              affected = true;
            } else {
              boolean ge = scheme.compareKeys(key, b.key()) >= 0;
              steps.add(installed + (ge ? " >= " : " < ") + "introduced " + b.version());
              affected |= ge;
            }
          }
          case FIXED -> {
            boolean ge = scheme.compareKeys(key, b.key()) >= 0;
            if (affected || ge) {
              steps.add(installed + (ge ? " >= " : " < ") + "fixed " + b.version());
            }
            if (ge) {
              affected = false;
            }
          }
          case LAST_AFFECTED -> {
            boolean gt = scheme.compareKeys(key, b.key()) > 0;
            if (affected || gt) {
              steps.add(installed + (gt ? " > " : " <= ") + "last_affected " + b.version());
            }
            if (gt) {
              affected = false;
            }
          }
          case LIMIT -> {}
        }
      }
      for (Bound l : r.limits()) {
        boolean ge = scheme.compareKeys(key, l.key()) >= 0;
        steps.add(installed + (ge ? " >= " : " < ") + "limit " + l.version());
        if (ge) {
          affected = false;
        }
      }
      boolean open = affected && firstFixAbove(r, key) == null;
      anyRange |= affected;
      lines.add(
          prefix
              + " "
              + String.join(", ", steps)
              + " ("
              + schemeLabel
              + ") → "
              + (affected ? "affected" + (open ? ", no fix yet" : "") : "not affected"));
    }
    if (listed.length > 0) {
      int i = listed(installed, key);
      lines.add(
          prefix
              + " "
              + installed
              + (i >= 0 ? " listed as " + listed[i] : " not among " + listed.length + " listed")
              + " versions ("
              + schemeLabel
              + ")"
              + (anyRange ? "" : i >= 0 ? " → affected" : " → not affected"));
    }
    if (ranges.length == 0 && listed.length == 0) {
      lines.add(prefix + " no ordered range and no versions list → not affected");
    }
    if (!status.isEmpty()) {
      lines.add(prefix + " vendor status: " + status + statusDetail(affected));
    }
    return lines;
  }

  private static String statusDetail(OsvAffected a) {
    JsonNode db = a.databaseSpecific();
    if (db == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String f : new String[] {"justification", "tracker_status", "csaf_status", "urgency"}) {
      String v = db.path(f).asText("");
      if (!v.isEmpty()) {
        parts.add(f + "=" + v);
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static String status(OsvAffected a) {
    JsonNode db = a.databaseSpecific();
    if (db == null) {
      return "";
    }
    for (String f : new String[] {"status", "tracker_status", "csaf_status"}) {
      String v = db.path(f).asText("");
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }
}
