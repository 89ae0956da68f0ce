package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One range event; exactly one field is set in a valid record. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvEvent(
    String introduced,
    String fixed,
    @JsonProperty("last_affected") String lastAffected,
    String limit) {

  public enum Kind {
    INTRODUCED,
    FIXED,
    LAST_AFFECTED,
    LIMIT
  }

  public static OsvEvent introduced(String v) {
    return new OsvEvent(v, null, null, null);
  }

  public static OsvEvent fixed(String v) {
    return new OsvEvent(null, v, null, null);
  }

  public static OsvEvent lastAffected(String v) {
    return new OsvEvent(null, null, v, null);
  }

  public static OsvEvent limit(String v) {
    return new OsvEvent(null, null, null, v);
  }

  /** The kind of this event, or null when no field is set. */
  public Kind kind() {
    if (introduced != null) {
      return Kind.INTRODUCED;
    } else if (fixed != null) {
      return Kind.FIXED;
    } else if (lastAffected != null) {
      return Kind.LAST_AFFECTED;
    } else if (limit != null) {
      return Kind.LIMIT;
    }
    return null;
  }

  public String version() {
    Kind k = kind();
    if (k == null) {
      return null;
    }
    return switch (k) {
      case INTRODUCED -> introduced;
      case FIXED -> fixed;
      case LAST_AFFECTED -> lastAffected;
      case LIMIT -> limit;
    };
  }

  public String describe() {
    Kind k = kind();
    return k == null ? "?" : k.name().toLowerCase(java.util.Locale.ROOT) + "=" + version();
  }
}
