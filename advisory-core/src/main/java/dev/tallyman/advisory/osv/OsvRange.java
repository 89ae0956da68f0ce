package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** A range: {@code type} ECOSYSTEM, SEMVER or GIT; a list of events. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvRange(
    String type,
    String repo,
    List<OsvEvent> events,
    @JsonProperty("database_specific") JsonNode databaseSpecific) {

  public OsvRange {
    events = OsvRecord.nonNull(events);
  }

  /** Readable form, e.g. "ECOSYSTEM introduced=2.0-beta9 fixed=2.15.0". */
  public String describe() {
    return type + events.stream().map(e -> " " + e.describe()).collect(Collectors.joining());
  }
}
