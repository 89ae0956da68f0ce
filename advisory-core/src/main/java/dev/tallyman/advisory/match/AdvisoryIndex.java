package dev.tallyman.advisory.match;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.merge.MergedVulnerability;
import dev.tallyman.advisory.feed.merge.VulnerabilityCatalog;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.version.VersionSchemes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loaded advisories keyed by (ecosystem family, package name) for fast lookup. Immutable once
 * built; withdrawn records are left out. The same id from two feeds is kept once (newest wins).
 * Every entry carries the merged vulnerability of its alias group (ADR 0011) with KEV/EPSS
 * enrichment, and its ranges compiled into pre-parsed version keys (ADR 0016).
 */
public final class AdvisoryIndex {

  /**
   * One affected entry of one record: the merged vulnerability as findings in this entry's
   * ecosystem show it, the feed it came from, and its compiled ranges (null when no version scheme
   * orders the ecosystem).
   */
  public record Entry(
      OsvRecord record,
      OsvAffected affected,
      Vulnerability vulnerability,
      String source,
      CompiledAffected compiled) {
    public String ecosystem() {
      return affected.pkg().ecosystem();
    }
  }

  private record Key(String family, String name) {}

  private final Map<Key, List<Entry>> byKey;
  private final Map<String, List<Entry>> byVulnerability;
  private final VulnerabilityCatalog catalog;
  private final Set<String> withdrawnIds;
  private final int advisoryCount;
  private final int entryCount;

  private AdvisoryIndex(
      Map<Key, List<Entry>> byKey,
      Map<String, List<Entry>> byVulnerability,
      VulnerabilityCatalog catalog,
      Set<String> withdrawnIds,
      int advisoryCount,
      int entryCount) {
    this.byKey = byKey;
    this.byVulnerability = byVulnerability;
    this.catalog = catalog;
    this.withdrawnIds = withdrawnIds;
    this.advisoryCount = advisoryCount;
    this.entryCount = entryCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Affected entries for a package name in an ecosystem family ("Debian", "Maven"...); names are
   * compared as {@link PackageNames#normalize} writes them.
   */
  public List<Entry> lookup(String family, String name) {
    return byKey.getOrDefault(
        new Key(family.toLowerCase(Locale.ROOT), PackageNames.normalize(family, name)), List.of());
  }

  /** The merged vulnerability for any of its ids (CVE, GHSA, DSA, ...), with its enrichment. */
  public Optional<MergedVulnerability> vulnerability(String anyId) {
    return catalog.get(anyId);
  }

  /** Every affected entry of the vulnerability's alias group, over all ecosystems. */
  public List<Entry> entriesOf(String anyId) {
    return catalog
        .get(anyId)
        .map(mv -> byVulnerability.getOrDefault(mv.id(), List.of()))
        .orElse(List.of());
  }

  /** Whether the newest version of this record id is withdrawn. */
  public boolean isWithdrawn(String id) {
    return withdrawnIds.contains(id);
  }

  /** Records in the index (withdrawn ones excluded). */
  public int advisoryCount() {
    return advisoryCount;
  }

  public int withdrawnCount() {
    return withdrawnIds.size();
  }

  /** Affected entries (record × package) in the index. */
  public int entryCount() {
    return entryCount;
  }

  /** Distinct vulnerabilities after alias merging. */
  public int vulnerabilityCount() {
    return catalog.size();
  }

  /** Collects records and enrichments, then builds the immutable index. Not thread-safe. */
  public static final class Builder {
    private record Sourced(OsvRecord record, String source) {}

    private final Map<String, Sourced> byId = new LinkedHashMap<>();
    private final Map<String, Enrichment> enrichments = new LinkedHashMap<>();

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

    /** Adds KEV or EPSS data; a later entry for the same (kind, id) replaces an earlier one. */
    public Builder addEnrichment(Enrichment e) {
      enrichments.put(e.getClass().getSimpleName() + "|" + e.vulnerabilityId(), e);
      return this;
    }

    private static boolean newer(OsvRecord a, OsvRecord b) {
      Instant ma = a.modifiedAt().orElse(Instant.EPOCH);
      Instant mb = b.modifiedAt().orElse(Instant.EPOCH);
      return !ma.isBefore(mb);
    }

    public AdvisoryIndex build() {
      List<MergedVulnerability.Sourced> live = new ArrayList<>();
      Set<String> withdrawn = new HashSet<>();
      for (Sourced s : byId.values()) {
        if (s.record().isWithdrawn()) {
          withdrawn.add(s.record().id());
        } else {
          live.add(new MergedVulnerability.Sourced(s.source(), s.record()));
        }
      }
      // Withdrawn records take no part in merging: their aliases must not join groups.
      VulnerabilityCatalog catalog = VulnerabilityCatalog.build(live, enrichments.values());
      Map<String, MergedVulnerability> merged = new HashMap<>();
      Map<String, Vulnerability> groupViews = new HashMap<>();
      Map<String, Vulnerability> views = new HashMap<>();
      Map<Key, List<Entry>> map = new HashMap<>();
      Map<String, List<Entry>> byVuln = new HashMap<>();
      int entries = 0;
      for (MergedVulnerability.Sourced s : live) {
        OsvRecord r = s.record();
        String canonical = catalog.groups().canonical(r.id());
        MergedVulnerability mv =
            merged.computeIfAbsent(canonical, c -> catalog.get(r.id()).orElseThrow());
        for (OsvAffected a : r.affected()) {
          if (a.pkg() == null || a.pkg().ecosystem() == null || a.pkg().name() == null) {
            continue; // GIT-only entries name no package: nothing to look up by
          }
          String family = VersionSchemes.family(a.pkg().ecosystem());
          // one view per (record, family, feed): severity depends on the family, the summary
          // and source on the record that matched
          // the group's aggregate (aliases, references, CWEs, rating) once per family; the
          // summary and source of the record that matched on top
          Vulnerability groupView =
              groupViews.computeIfAbsent(
                  mv.id() + "|" + family,
                  k -> Vulnerability.merged(mv, null, a.pkg().ecosystem(), ""));
          Vulnerability v =
              views.computeIfAbsent(
                  r.id() + "|" + family + "|" + s.feed(), k -> groupView.as(r, s.feed()));
          CompiledAffected compiled =
              VersionSchemes.forEcosystem(family)
                  .map(scheme -> CompiledAffected.compile(a, scheme))
                  .orElse(null);
          Entry e = new Entry(r, a, v, s.feed(), compiled);
          map.computeIfAbsent(
                  new Key(
                      family.toLowerCase(Locale.ROOT),
                      PackageNames.normalize(family, a.pkg().name())),
                  k -> new ArrayList<>())
              .add(e);
          byVuln.computeIfAbsent(mv.id(), k -> new ArrayList<>()).add(e);
          entries++;
        }
      }
      map.replaceAll((k, list) -> List.copyOf(list));
      byVuln.replaceAll((k, list) -> List.copyOf(list));
      return new AdvisoryIndex(
          Map.copyOf(map),
          Map.copyOf(byVuln),
          catalog,
          Set.copyOf(withdrawn),
          live.size(),
          entries);
    }
  }
}
