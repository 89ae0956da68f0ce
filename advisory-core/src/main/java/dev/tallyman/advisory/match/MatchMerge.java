package dev.tallyman.advisory.match;

import dev.tallyman.advisory.version.VersionScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record may list the same package in several affected entries (GHSA does, one per range); a
 * package gets one match per vulnerability, with the ranges joined and the lowest fix above it.
 */
final class MatchMerge {
  private MatchMerge() {}

  static List<Match> byVulnerability(List<Match> matches, VersionScheme scheme) {
    Map<String, Match> merged = new LinkedHashMap<>();
    for (Match m : matches) {
      merged.merge(
          m.vulnerability().id(),
          m,
          (a, b) ->
              new Match(
                  a.pkg(),
                  a.vulnerability(),
                  lowerFix(a.fixedVersion(), b.fixedVersion(), scheme),
                  a.matchedRange() + "; " + b.matchedRange(),
                  a.ecosystem(),
                  a.matchedName(),
                  join(a.explain(), b.explain())));
    }
    return new ArrayList<>(merged.values());
  }

  private static List<String> join(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String lowerFix(String a, String b, VersionScheme scheme) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return scheme.compare(a, b) <= 0 ? a : b;
  }
}
