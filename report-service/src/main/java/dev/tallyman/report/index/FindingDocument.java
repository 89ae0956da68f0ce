package dev.tallyman.report.index;

import java.util.Map;

/**
 * One Elasticsearch document: a vulnerability in a package of an image.
 *
 * @param id deterministic, see {@link DocumentIds}
 * @param source the JSON body as nested maps (ECS layout)
 */
public record FindingDocument(String id, Map<String, Object> source) {
  public FindingDocument {
    source = Map.copyOf(source);
  }
}
