package dev.tallyman.report.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagMergeTest {
  @Test
  void carriesStoredTagsOverForTheSameRepository() {
    FindingDocument fresh = doc("id1", "r", "app", "2.0");
    Map<String, Map<String, Object>> stored = Map.of("id1", doc("id1", "r", "app", "1.0").source());

    List<FindingDocument> out = TagMerge.merge(List.of(fresh), stored);

    assertThat(tags(out.get(0))).containsExactly("1.0", "2.0");
  }

  @Test
  void anotherRepositoryReplacesTheTags() {
    FindingDocument fresh = doc("id1", "r", "other", "2.0");
    Map<String, Map<String, Object>> stored = Map.of("id1", doc("id1", "r", "app", "1.0").source());

    assertThat(tags(TagMerge.merge(List.of(fresh), stored).get(0))).containsExactly("2.0");
  }

  @Test
  void mergesWithinOneBatchAndKeepsTheNewestLast() {
    List<FindingDocument> out =
        TagMerge.merge(
            List.of(
                doc("id1", "r", "app", "a"),
                doc("id1", "r", "app", "b"),
                doc("id1", "r", "app", "a")),
            Map.of());

    assertThat(tags(out.get(2))).containsExactly("b", "a");
  }

  @Test
  void keepsAtMostTheNewestTags() {
    List<FindingDocument> docs = new ArrayList<>();
    for (int i = 0; i < TagMerge.MAX_TAGS + 10; i++) {
      docs.add(doc("id1", "r", "app", "t" + i));
    }
    List<FindingDocument> out = TagMerge.merge(docs, Map.of());

    List<String> last = tags(out.get(out.size() - 1));
    assertThat(last)
        .hasSize(TagMerge.MAX_TAGS)
        .endsWith("t" + (TagMerge.MAX_TAGS + 9))
        .doesNotContain("t0");
  }

  @Test
  void leavesTheInputUntouched() {
    FindingDocument fresh = doc("id1", "r", "app", "2.0");
    TagMerge.merge(List.of(fresh), Map.of("id1", doc("id1", "r", "app", "1.0").source()));
    assertThat(tags(fresh)).containsExactly("2.0");
  }

  private static FindingDocument doc(String id, String registry, String repo, String tag) {
    Map<String, Object> s = new LinkedHashMap<>();
    FindingDocuments.put(s, "tallyman.image.registry", registry);
    FindingDocuments.put(s, "tallyman.image.repository", repo);
    FindingDocuments.put(s, "container.image.tag", List.of(tag));
    return new FindingDocument(id, s);
  }

  @SuppressWarnings("unchecked")
  private static List<String> tags(FindingDocument d) {
    return (List<String>) FindingDocuments.get(d.source(), "container.image.tag");
  }
}
