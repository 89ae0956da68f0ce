package dev.tallyman.advisory.match;

import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OSV affected-range semantics for ECOSYSTEM and SEMVER ranges (GIT ranges name commits and are
 * ignored here): events sorted by version; {@code introduced} ("0" = from the beginning) opens,
 * {@code fixed} closes exclusively, {@code last_affected} closes inclusively, {@code limit} caps
 * the range; an explicit {@code versions} list matches by membership.
 */
public final class AffectedRanges {
  private static final Logger LOG = LoggerFactory.getLogger(AffectedRanges.class);

  /** Why a version is affected: the lowest known fix above it ("" if none) and the range text. */
  public record Hit(String fixedVersion, String matchedRange) {}

  private AffectedRanges() {}

  /** Evaluates one affected entry; the installed version must be valid in {@code scheme}. */
  public static Optional<Hit> evaluate(
      OsvAffected affected, String installed, VersionScheme scheme) {
    scheme.validate(installed);
    List<String> descriptions = new ArrayList<>();
    String fix = null;
    for (OsvRange range : affected.ranges()) {
      if (!"ECOSYSTEM".equals(range.type()) && !"SEMVER".equals(range.type())) {
        continue;
      }
      List<OsvEvent> events;
      try {
        events = sortedEvents(range, scheme);
      } catch (InvalidVersionException e) {
        // One bad event version makes the whole range unordered; skip it rather than guess.
        LOG.debug("skipping range with invalid version: {}", e.getMessage());
        continue;
      }
      if (isAffected(events, installed, scheme)) {
        descriptions.add(range.describe());
        fix = lower(fix, firstFixAbove(events, installed, scheme), scheme);
      }
    }
    if (descriptions.isEmpty() && listed(affected.versions(), installed, scheme)) {
      descriptions.add("versions list");
      for (OsvRange range : affected.ranges()) {
        try {
          if ("ECOSYSTEM".equals(range.type()) || "SEMVER".equals(range.type())) {
            fix = lower(fix, firstFixAbove(sortedEvents(range, scheme), installed, scheme), scheme);
          }
        } catch (InvalidVersionException e) {
          LOG.debug("ignoring fix of range with invalid version: {}", e.getMessage());
        }
      }
    }
    if (descriptions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Hit(fix == null ? "" : fix, String.join("; ", descriptions)));
  }

  static boolean isAffected(List<OsvEvent> sorted, String v, VersionScheme scheme) {
    boolean affected = false;
    for (OsvEvent e : sorted) {
      switch (e.kind()) {
        case INTRODUCED -> {
          if (isZero(e) || scheme.compare(v, e.introduced()) >= 0) {
            affected = true;
          }
        }
        case FIXED -> {
          if (scheme.compare(v, e.fixed()) >= 0) {
            affected = false;
          }
        }
        case LAST_AFFECTED -> {
          if (scheme.compare(v, e.lastAffected()) > 0) {
            affected = false;
          }
        }
        case LIMIT -> {
          // handled below: a limit caps the whole range
        }
      }
    }
    for (OsvEvent e : sorted) {
      if (e.kind() == OsvEvent.Kind.LIMIT
          && !"*".equals(e.limit())
          && scheme.compare(v, e.limit()) >= 0) {
        return false;
      }
    }
    return affected;
  }

  private static List<OsvEvent> sortedEvents(OsvRange range, VersionScheme scheme) {
    List<OsvEvent> events = new ArrayList<>();
    for (OsvEvent e : range.events()) {
      if (e.kind() == null) {
        continue;
      }
      if (!isZero(e) && !(e.kind() == OsvEvent.Kind.LIMIT && "*".equals(e.limit()))) {
        scheme.validate(e.version());
      }
      events.add(e);
    }
    // Introduced "0" is below everything; on equal versions an introduction comes first so that
    // "introduced=X fixed=X" is empty and "introduced=X last_affected=X" holds exactly X.
    Comparator<OsvEvent> byVersion =
        (a, b) -> {
          if (isZero(a) || isZero(b)) {
            return Boolean.compare(!isZero(a), !isZero(b));
          }
          if (isUnbounded(a) || isUnbounded(b)) {
            return Boolean.compare(isUnbounded(a), isUnbounded(b));
          }
          return scheme.compare(a.version(), b.version());
        };
    events.sort(byVersion.thenComparing(e -> e.kind() == OsvEvent.Kind.INTRODUCED ? 0 : 1));
    return events;
  }

  private static String firstFixAbove(List<OsvEvent> sorted, String v, VersionScheme scheme) {
    for (OsvEvent e : sorted) {
      if (e.kind() == OsvEvent.Kind.FIXED && scheme.compare(e.fixed(), v) > 0) {
        return e.fixed();
      }
    }
    return null;
  }

  private static String lower(String a, String b, VersionScheme scheme) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return scheme.compare(a, b) <= 0 ? a : b;
  }

  private static boolean listed(List<String> versions, String v, VersionScheme scheme) {
    for (String listed : versions) {
      if (listed.equals(v) || (scheme.isValid(listed) && scheme.compare(listed, v) == 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZero(OsvEvent e) {
    return e.kind() == OsvEvent.Kind.INTRODUCED && "0".equals(e.introduced());
  }

  private static boolean isUnbounded(OsvEvent e) {
    return e.kind() == OsvEvent.Kind.LIMIT && "*".equals(e.limit());
  }
}
