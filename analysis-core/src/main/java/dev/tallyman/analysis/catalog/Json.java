package dev.tallyman.analysis.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON settings shared by the manifest catalogers: bounded nesting and string lengths. */
public final class Json {
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(200)
                  .maxStringLength(1024 * 1024)
                  .build())
          .build();

  public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private Json() {}

  /** A string field, stripped, or "" when absent or not a string. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v != null && v.isTextual() ? v.asText().strip() : "";
  }

  /** The message of a parse failure without Jackson's source excerpt. */
  public static String reason(Exception e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }
}
