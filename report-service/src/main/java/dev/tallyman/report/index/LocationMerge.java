package dev.tallyman.report.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One digest is often pushed under several tags and into several repositories or registries, and a
 * report may name only some of them. Documents are replaced whole (no scripts on this cluster), so
 * the locations already stored are read first and carried over: the union is kept, newest last, up
 * to {@link Locations#MAX}. Locations removed by a delete event that is newer than the report are
 * left out, so a late report does not bring a deleted location back.
 */
public final class LocationMerge {
  private LocationMerge() {}

  public static List<FindingDocument> merge(
      List<FindingDocument> docs, Map<String, Map<String, Object>> stored) {
    return merge(docs, stored, d -> List.of());
  }

  /**
   * @param docs documents in processing order (later ones win for the same id)
   * @param stored sources already in the index, by id (absent ids are new)
   * @param removals per document, the removed locations that still apply to it
   */
  public static List<FindingDocument> merge(
      List<FindingDocument> docs,
      Map<String, Map<String, Object>> stored,
      Function<FindingDocument, List<Location>> removals) {
    Map<String, Map<String, Object>> seen = new HashMap<>(stored);
    List<FindingDocument> out = new ArrayList<>(docs.size());
    for (FindingDocument d : docs) {
      List<Location> all =
          Locations.merge(Locations.stored(seen.get(d.id())), Locations.stored(d.source()));
      all = Locations.without(all, removals.apply(d));
      Map<String, Object> source = FindingDocuments.deepCopy(new LinkedHashMap<>(d.source()));
      Locations.put(source, all);
      FindingDocument merged = new FindingDocument(d.id(), source);
      seen.put(d.id(), merged.source());
      out.add(merged);
    }
    return out;
  }
}
