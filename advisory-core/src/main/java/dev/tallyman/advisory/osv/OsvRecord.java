package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** One OSV record (https://ossf.github.io/osv-schema/); unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvRecord(
    @JsonProperty("schema_version") String schemaVersion,
    String id,
    String modified,
    String published,
    String withdrawn,
    List<String> aliases,
    List<String> related,
    List<String> upstream,
    String summary,
    String details,
    List<OsvSeverity> severity,
    List<OsvAffected> affected,
    List<OsvReference> references,
    @JsonProperty("database_specific") JsonNode databaseSpecific) {

  public OsvRecord {
    aliases = nonNull(aliases);
    related = nonNull(related);
    upstream = nonNull(upstream);
    severity = nonNull(severity);
    affected = nonNull(affected);
    references = nonNull(references);
  }

  /** Withdrawn records stay in feeds for reference but never match anything. */
  public boolean isWithdrawn() {
    return withdrawn != null && !withdrawn.isBlank();
  }

  public Optional<Instant> modifiedAt() {
    return timestamp(modified);
  }

  public Optional<Instant> publishedAt() {
    return timestamp(published);
  }

  /** GHSA-style {@code database_specific.severity} (LOW/MODERATE/HIGH/CRITICAL), if present. */
  public Optional<String> databaseSeverity() {
    if (databaseSpecific == null || !databaseSpecific.path("severity").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(databaseSpecific.path("severity").asText());
  }

  /** RFC 3339 timestamps; feeds that write something else simply have no timestamp. */
  static Optional<Instant> timestamp(String s) {
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(s));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
  }
}
