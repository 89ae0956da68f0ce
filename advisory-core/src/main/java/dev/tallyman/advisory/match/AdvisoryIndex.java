package dev.tallyman.advisory.match;

import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.version.VersionSchemes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loaded advisories keyed by (ecosystem family, package name) for fast lookup. Immutable once
 * built; withdrawn records are left out. The same id from two feeds is kept once (newest wins).
 */
public final class AdvisoryIndex {

  /** One affected entry of one record, with the record's vulnerability data precomputed. */
  public record Entry(OsvRecord record, OsvAffected affected, Vulnerability vulnerability) {
    public String ecosystem() {
      return affected.pkg().ecosystem();
    }
  }

  private record Key(String family, String name) {}

  private final Map<Key, List<Entry>> byKey;
  private final int advisoryCount;
  private final int withdrawnCount;

  private AdvisoryIndex(Map<Key, List<Entry>> byKey, int advisoryCount, int withdrawnCount) {
    this.byKey = byKey;
    this.advisoryCount = advisoryCount;
    this.withdrawnCount = withdrawnCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Affected entries for a package name in an ecosystem family ("Debian", "Maven"...). */
  public List<Entry> lookup(String family, String name) {
    return byKey.getOrDefault(new Key(family.toLowerCase(Locale.ROOT), name), List.of());
  }

  /** Records in the index (withdrawn ones excluded). */
  public int advisoryCount() {
    return advisoryCount;
  }

  public int withdrawnCount() {
    return withdrawnCount;
  }

  /** Collects records, then builds the immutable index. Not thread-safe. */
  public static final class Builder {
    private record Sourced(OsvRecord record, String source) {}

    private final Map<String, Sourced> byId = new LinkedHashMap<>();

    /**
     * Adds a record; the newest version of an id wins, and a withdrawn newest version removes the
     * id from matching even when an older, live copy came from another feed or an earlier load.
     */
    public Builder add(OsvRecord r, String source) {
      Sourced old = byId.get(r.id());
      if (old == null || newer(r, old.record())) {
        byId.put(r.id(), new Sourced(r, source));
      }
      return this;
    }

    private static boolean newer(OsvRecord a, OsvRecord b) {
      Instant ma = a.modifiedAt().orElse(Instant.EPOCH);
      Instant mb = b.modifiedAt().orElse(Instant.EPOCH);
      return !ma.isBefore(mb);
    }

    public AdvisoryIndex build() {
      Map<Key, List<Entry>> map = new HashMap<>();
      int withdrawn = 0;
      for (Sourced s : byId.values()) {
        if (s.record().isWithdrawn()) {
          withdrawn++;
          continue;
        }
        Vulnerability v = Vulnerability.from(s.record(), s.source());
        for (OsvAffected a : s.record().affected()) {
          if (a.pkg() == null) {
            continue; // GIT-only entries name no package: nothing to look up by
          }
          String family = VersionSchemes.family(a.pkg().ecosystem()).toLowerCase(Locale.ROOT);
          map.computeIfAbsent(new Key(family, a.pkg().name()), k -> new ArrayList<>())
              .add(new Entry(s.record(), a, v));
        }
      }
      map.replaceAll((k, list) -> List.copyOf(list));
      return new AdvisoryIndex(Map.copyOf(map), byId.size() - withdrawn, withdrawn);
    }
  }
}
