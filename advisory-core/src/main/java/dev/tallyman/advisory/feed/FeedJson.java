package dev.tallyman.advisory.feed;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;

/** Shared, bounded JSON and YAML readers for feed documents. */
public final class FeedJson {
  private FeedJson() {}

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxStringLength(64 << 20)
          .maxNumberLength(100)
          .build();

  public static final ObjectMapper JSON = json();
  public static final ObjectMapper YAML = yaml();
  private static final OsvLoader OSV = new OsvLoader();

  private static ObjectMapper json() {
    JsonMapper m =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    m.getFactory().setStreamReadConstraints(LIMITS);
    return m;
  }

  private static ObjectMapper yaml() {
    LoaderOptions opts = new LoaderOptions();
    opts.setCodePointLimit(256 << 20); // whole secdb files are a few MB; the default is 3 MB
    opts.setMaxAliasesForCollections(50); // billion-laughs guard
    opts.setNestingDepthLimit(64);
    YAMLFactory f = YAMLFactory.builder().loaderOptions(opts).build();
    f.setStreamReadConstraints(LIMITS);
    return new YAMLMapper(f).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  // Fields only (OsvRecord.isWithdrawn() must not become a second "withdrawn"), nulls omitted (a
  // null JsonNode field would read back as NullNode): the same record always gives the same bytes.
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** Canonical OSV JSON of a record: equal records give equal bytes (content hashes, bundles). */
  public static byte[] canonical(OsvRecord r) {
    try {
      return CANONICAL.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** JSON of a KEV or EPSS enrichment, read back by {@link #enrichment}. */
  public static byte[] json(Enrichment e) {
    ObjectNode n = object();
    n.put("id", e.vulnerabilityId());
    if (e instanceof Enrichment.Kev k) {
      n.put("type", "kev");
      n.put("vendorProject", k.vendorProject());
      n.put("product", k.product());
      n.put("name", k.name());
      n.put("dateAdded", k.dateAdded() == null ? null : k.dateAdded().toString());
      n.put("dueDate", k.dueDate() == null ? null : k.dueDate().toString());
      n.put("knownRansomwareUse", k.knownRansomwareUse());
    } else if (e instanceof Enrichment.Epss p) {
      n.put("type", "epss");
      n.put("score", p.score());
      n.put("percentile", p.percentile());
      n.put("scoreDate", p.scoreDate() == null ? null : p.scoreDate().toString());
    }
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  public static Enrichment enrichment(byte[] json) throws IOException {
    JsonNode n = JSON.readTree(json);
    if (n == null || !n.isObject()) {
      throw new IOException("enrichment is not a JSON object");
    }
    String id = n.path("id").asText();
    return switch (n.path("type").asText()) {
      case "kev" ->
          new Enrichment.Kev(
              id,
              n.path("vendorProject").asText(""),
              n.path("product").asText(""),
              n.path("name").asText(""),
              date(n, "dateAdded"),
              date(n, "dueDate"),
              n.path("knownRansomwareUse").asBoolean());
      case "epss" ->
          new Enrichment.Epss(
              id,
              n.path("score").asDouble(),
              n.path("percentile").asDouble(),
              date(n, "scoreDate"));
      default -> throw new IOException("unknown enrichment type " + n.path("type"));
    };
  }

  private static java.time.LocalDate date(JsonNode n, String f) {
    String s = text(n, f);
    return s == null ? null : java.time.LocalDate.parse(s);
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** An OSV record from JSON bytes, with the loader's validation. */
  public static OsvRecord osvJson(byte[] bytes) throws IOException {
    return OSV.parse(bytes);
  }

  /** An OSV record written as YAML (PyPA advisory-database). */
  public static OsvRecord osvYaml(byte[] bytes) throws IOException {
    JsonNode tree = YAML.readTree(bytes);
    if (tree == null || !tree.isObject()) {
      throw new IOException("not a YAML mapping");
    }
    // YAML turns unquoted dates into strings already; round-trip through JSON for validation.
    return OSV.parse(JSON.writeValueAsBytes(tree));
  }

  /** Text of a field or null. */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
