package dev.tallyman.advisory.feed.merge;

import dev.tallyman.advisory.osv.OsvRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups vulnerability ids that name the same vulnerability (CVE ↔ GHSA ↔ DSA/DLA ↔ USN ↔ ALPINE ↔
 * CGA ↔ ...) by union-find over each record's id, {@code aliases}, {@code upstream} and {@code
 * related}. Two guards keep distinct CVEs apart: a union that would put two different CVEs in one
 * group is refused, and an id that stands for several CVEs (a DSA, USN or RHSA fixing many) is not
 * merged but listed in the group of each CVE it covers.
 */
public final class AliasGroups {
  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, String> cveOf = new HashMap<>(); // root → its CVE
  private final Map<String, Set<String>> mentions = new HashMap<>(); // multi-CVE id → CVEs
  private final Map<String, TreeSet<String>> members = new HashMap<>(); // root → ids, once built
  private final Map<String, Set<String>> mentionsByCve = new HashMap<>();

  private AliasGroups() {}

  public static AliasGroups of(Collection<OsvRecord> records) {
    AliasGroups g = new AliasGroups();
    // First pass: which non-CVE ids are linked to more than one CVE.
    Map<String, Set<String>> cvesOfId = new HashMap<>();
    for (OsvRecord r : records) {
      Set<String> links = links(r);
      Set<String> cves = new TreeSet<>();
      for (String l : links) {
        if (isCve(l)) {
          cves.add(l);
        }
      }
      for (String l : links) {
        if (!isCve(l)) {
          cvesOfId.computeIfAbsent(l, k -> new TreeSet<>()).addAll(cves);
        }
      }
    }
    cvesOfId.forEach(
        (id, cves) -> {
          if (cves.size() > 1) {
            g.mentions.put(id, cves);
          }
        });
    // Second pass: union everything else.
    for (OsvRecord r : records) {
      Set<String> links = links(r);
      links.forEach(g::add);
      if (g.mentions.containsKey(r.id())) {
        continue;
      }
      for (String l : links) {
        if (!l.equals(r.id()) && !g.mentions.containsKey(l)) {
          g.union(r.id(), l);
        }
      }
    }
    for (String id : new ArrayList<>(g.parent.keySet())) {
      g.members.computeIfAbsent(g.find(id), k -> new TreeSet<>()).add(id);
    }
    g.mentions.forEach(
        (id, cves) ->
            cves.forEach(c -> g.mentionsByCve.computeIfAbsent(c, k -> new TreeSet<>()).add(id)));
    return g;
  }

  private static Set<String> links(OsvRecord r) {
    Set<String> s = new LinkedHashSet<>();
    s.add(r.id());
    s.addAll(r.aliases());
    s.addAll(r.upstream());
    s.addAll(r.related());
    s.removeIf(x -> x == null || x.isBlank());
    return s;
  }

  static boolean isCve(String id) {
    return id.startsWith("CVE-");
  }

  private void add(String id) {
    if (parent.putIfAbsent(id, id) == null && isCve(id)) {
      cveOf.put(id, id);
    }
  }

  private String find(String id) {
    String root = parent.getOrDefault(id, id);
    while (!root.equals(parent.getOrDefault(root, root))) {
      root = parent.get(root);
    }
    // path compression
    String cur = id;
    while (parent.containsKey(cur) && !cur.equals(root)) {
      String next = parent.get(cur);
      parent.put(cur, root);
      cur = next;
    }
    return root;
  }

  private void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (ra.equals(rb)) {
      return;
    }
    String ca = cveOf.get(ra);
    String cb = cveOf.get(rb);
    if (ca != null && cb != null && !ca.equals(cb)) {
      return; // two different CVEs are two vulnerabilities, whatever a record's lists say
    }
    parent.put(rb, ra);
    if (ca == null && cb != null) {
      cveOf.put(ra, cb);
    }
    cveOf.remove(rb);
  }

  /**
   * The id a user sees for the group of {@code id}: its CVE if it has one, else the smallest id.
   */
  public String canonical(String id) {
    if (mentions.containsKey(id)) {
      return id;
    }
    String root = find(id);
    String cve = cveOf.get(root);
    if (cve != null) {
      return cve;
    }
    return members(root).first();
  }

  /** Every id of the group of {@code id}, including multi-CVE advisories that cover it. */
  public Set<String> ids(String id) {
    if (mentions.containsKey(id)) {
      Set<String> s = new TreeSet<>(mentions.get(id));
      s.add(id);
      return s;
    }
    TreeSet<String> s = new TreeSet<>(members(find(id)));
    s.add(id);
    List<String> extra = new ArrayList<>();
    for (String member : s) {
      extra.addAll(mentionsByCve.getOrDefault(member, Set.of()));
    }
    s.addAll(extra);
    return s;
  }

  /** Whether {@code id} names an advisory that covers several CVEs (kept outside any group). */
  public boolean coversSeveral(String id) {
    return mentions.containsKey(id);
  }

  /** Canonical id of every group, for iteration. */
  public Set<String> canonicalIds() {
    Set<String> out = new TreeSet<>();
    for (String root : members.keySet()) {
      out.add(canonical(root));
    }
    return out;
  }

  private TreeSet<String> members(String root) {
    return members.getOrDefault(root, new TreeSet<>(Set.of(root)));
  }
}
