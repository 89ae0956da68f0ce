package dev.tallyman.analysis.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.TransportGuard;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** JSON settings and streaming mechanics shared by the manifest catalogers. */
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

  /** Reads the packages of one file from a parser that has not yet read a token. */
  @FunctionalInterface
  public interface Reader {
    void read(JsonParser p, List<Package> out) throws IOException;
  }

  /** Takes the value of one field (returns true) or leaves it to be skipped (false). */
  @FunctionalInterface
  public interface Field {
    boolean take(String name, JsonToken value) throws IOException;
  }

  /** Reads a value the parser has just opened. */
  @FunctionalInterface
  public interface Value {
    void read() throws IOException;
  }

  /**
   * Streams {@code file}, at most {@code maxBytes}, through {@code reader}. A file that does not
   * parse is noted and yields nothing; a failure of the layer stream itself is rethrown.
   */
  public static List<Package> packages(ImageFile file, long maxBytes, Reader reader)
      throws IOException {
    List<Package> out = new ArrayList<>();
    try (JsonParser p =
        FACTORY.createParser(new LimitedInputStream(file.content(), maxBytes, file.path()))) {
      reader.read(p, out);
    } catch (IOException e) {
      if (TransportGuard.find(e) != null) {
        throw e; // the layer stream failed, not this file
      }
      file.notes().add("skipped unreadable " + file.path() + ": " + reason(e));
      return List.of();
    }
    return out;
  }

  /**
   * The fields of the object just opened: those {@code field} does not take are skipped unparsed.
   */
  public static void fields(JsonParser p, Field field) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (!field.take(name, value)) {
        p.skipChildren();
      }
    }
  }

  /** {@link #fields} where only {@code name}, when it opens a {@code type}, is wanted. */
  public static void field(JsonParser p, String name, JsonToken type, Value value)
      throws IOException {
    fields(
        p,
        (field, token) -> {
          boolean wanted = field.equals(name) && token == type;
          if (wanted) {
            value.read();
          }
          return wanted;
        });
  }

  /** Reads the opening of a top-level object, or fails the file. */
  public static void startObject(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonProcessingException("not a JSON object") {};
    }
  }

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
