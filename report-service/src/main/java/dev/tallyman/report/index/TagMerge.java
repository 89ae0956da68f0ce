package dev.tallyman.report.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One digest is often pushed under several tags (1.2, 1, latest), and each push produces a report
 * with one tag. Documents are replaced whole (no scripts on this cluster), so the tags already
 * stored are read first and carried over: the newest tags are kept, up to {@link #MAX_TAGS}.
 */
public final class TagMerge {
  static final int MAX_TAGS = 64;
  private static final String TAGS = "container.image.tag";

  private TagMerge() {}

  /**
   * @param docs documents in processing order (later ones win for the same id)
   * @param stored sources already in the index, by id (absent ids are new)
   */
  public static List<FindingDocument> merge(
      List<FindingDocument> docs, Map<String, Map<String, Object>> stored) {
    Map<String, Map<String, Object>> seen = new HashMap<>(stored);
    List<FindingDocument> out = new ArrayList<>(docs.size());
    for (FindingDocument d : docs) {
      Map<String, Object> before = seen.get(d.id());
      FindingDocument merged = before == null ? d : withTags(d, before);
      seen.put(d.id(), merged.source());
      out.add(merged);
    }
    return out;
  }

  private static FindingDocument withTags(FindingDocument d, Map<String, Object> before) {
    if (!sameLocation(d.source(), before)) {
      return d;
    }
    LinkedHashSet<String> tags = new LinkedHashSet<>(tags(before));
    List<String> fresh = tags(d.source());
    tags.removeAll(fresh);
    tags.addAll(fresh);
    List<String> all = new ArrayList<>(tags);
    if (all.size() > MAX_TAGS) {
      all = all.subList(all.size() - MAX_TAGS, all.size());
    }
    if (all.isEmpty()) {
      return d;
    }
    Map<String, Object> source = FindingDocuments.deepCopy(new LinkedHashMap<>(d.source()));
    FindingDocuments.put(source, TAGS, List.copyOf(all));
    return new FindingDocument(d.id(), source);
  }

  private static boolean sameLocation(Map<String, Object> a, Map<String, Object> b) {
    return Objects.equals(
            FindingDocuments.get(a, "tallyman.image.registry"),
            FindingDocuments.get(b, "tallyman.image.registry"))
        && Objects.equals(
            FindingDocuments.get(a, "tallyman.image.repository"),
            FindingDocuments.get(b, "tallyman.image.repository"));
  }

  private static List<String> tags(Map<String, Object> source) {
    Object v = FindingDocuments.get(source, TAGS);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    } else if (v instanceof String s) {
      out.add(s);
    }
    return out;
  }
}
