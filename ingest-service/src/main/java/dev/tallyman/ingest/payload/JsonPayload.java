package dev.tallyman.ingest.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tallyman.ingest.distribution.InvalidNotification;
import dev.tallyman.ingest.distribution.NotificationLimits;
import java.io.IOException;

/**
 * Reads a webhook body as a bounded JSON object, and the typed field accessors every flavour's
 * parser needs. Every failure is an {@link InvalidNotification} naming the JSON path at fault.
 */
public final class JsonPayload {
  private static final int MAX_REASON_DETAIL = 160;

  private final NotificationLimits limits;
  private final ObjectMapper mapper;

  public JsonPayload(NotificationLimits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxStringLength(limits.maxBodyBytes())
                    .maxNumberLength(64)
                    .build())
            // two "digest" keys in one object would let a proxy and us read different values
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  public NotificationLimits limits() {
    return limits;
  }

  /** The body as a JSON object, within the size and nesting limits. */
  public JsonNode readObject(byte[] body) {
    JsonNode root = readTree(body);
    if (!root.isObject()) {
      throw new InvalidNotification("body: must be a JSON object");
    }
    return root;
  }

  /** The body as a JSON object or array (Event Grid batches), within the limits. */
  public JsonNode readObjectOrArray(byte[] body) {
    JsonNode root = readTree(body);
    if (!root.isObject() && !root.isArray()) {
      throw new InvalidNotification("body: must be a JSON object or array");
    }
    if (root.isArray() && root.size() > limits.maxEvents()) {
      throw new InvalidNotification(
          "body: " + root.size() + " events exceed the limit of " + limits.maxEvents());
    }
    return root;
  }

  private JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidNotification("body: empty");
    }
    if (body.length > limits.maxBodyBytes()) {
      throw new InvalidNotification(
          "body: " + body.length + " bytes exceeds the limit of " + limits.maxBodyBytes());
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new InvalidNotification("body: " + detail(e), e);
    } catch (JsonProcessingException e) {
      throw new InvalidNotification("body: not valid JSON: " + detail(e), e);
    } catch (IOException e) {
      throw new InvalidNotification("body: unreadable: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new InvalidNotification("body: empty");
    }
    return root;
  }

  public static JsonNode requiredObject(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidNotification(path(path, field) + ": missing");
    }
    if (!value.isObject()) {
      throw new InvalidNotification(path(path, field) + ": must be an object");
    }
    return value;
  }

  /** A required array of at most {@code maxItems} elements. */
  public static JsonNode requiredArray(JsonNode parent, String field, String path, int maxItems) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidNotification(path(path, field) + ": missing");
    }
    if (!value.isArray()) {
      throw new InvalidNotification(path(path, field) + ": must be an array");
    }
    if (value.size() > maxItems) {
      throw new InvalidNotification(
          path(path, field) + ": " + value.size() + " items exceed the limit of " + maxItems);
    }
    return value;
  }

  public static String requiredText(JsonNode parent, String field, String path) {
    String value = optionalText(parent, field, path);
    if (value.isEmpty()) {
      throw new InvalidNotification(path(path, field) + ": missing");
    }
    return value;
  }

  /** The string value, or "" when absent or null; any other JSON type is an error. */
  public static String optionalText(JsonNode parent, String field, String path) {
    JsonNode value = parent == null ? null : parent.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new InvalidNotification(path(path, field) + ": must be a string");
    }
    return value.textValue();
  }

  /**
   * A required number of whole seconds. Fractions are truncated: Docker Hub has sent {@code
   * pushed_at} both as {@code 1417566161} and as {@code 1.417566161e+09}.
   */
  public static long requiredEpochSeconds(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidNotification(path(path, field) + ": missing");
    }
    if (!value.isNumber()) {
      throw new InvalidNotification(path(path, field) + ": must be a number of seconds");
    }
    double seconds = value.asDouble();
    // year 1970..9999: anything else is not a push time
    if (!(seconds >= 0 && seconds < 253402300800d)) {
      throw new InvalidNotification(path(path, field) + ": not a plausible Unix time");
    }
    return (long) seconds;
  }

  /** An optional non-negative integer, 0 when absent. */
  public static long optionalSize(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new InvalidNotification(path(path, field) + ": must be a non-negative integer");
    }
    return value.asLong();
  }

  public static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  private static String detail(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    return message.length() <= MAX_REASON_DETAIL
        ? message
        : message.substring(0, MAX_REASON_DETAIL) + "...";
  }
}
