package dev.tallyman.advisory.feed;

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
