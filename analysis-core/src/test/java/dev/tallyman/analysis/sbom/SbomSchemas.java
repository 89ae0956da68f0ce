package dev.tallyman.analysis.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * The official JSON schemas, loaded from the classpath only: CycloneDX 1.6 (with the spdx and jsf
 * schemas it references) from the cyclonedx-core-java jar, SPDX 2.3 from the org.spdx tools-java
 * jar. Shared with the cli tests through the test-jar.
 */
public final class SbomSchemas {
  // bom-1.6's $id is under this prefix and its $refs are relative to it; the jar has the files
  // at its root. Mapping the prefix keeps the validator off the network.
  private static final String CYCLONEDX_BASE = "http://cyclonedx.org/schema/";
  private static final String SPDX_ID = "http://spdx.org/rdf/terms/2.3";

  private static final Schema CYCLONEDX_16 =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_7,
              b -> b.schemaIdResolvers(r -> r.mapPrefix(CYCLONEDX_BASE, "classpath:")))
          .getSchema(SchemaLocation.of(CYCLONEDX_BASE + "bom-1.6.schema.json"));

  private static final Schema SPDX_23 =
      SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2019_09,
              b ->
                  b.schemaIdResolvers(
                      r -> r.mapPrefix(SPDX_ID, "classpath:resources/spdx-schema-v2.3.json")))
          .getSchema(SchemaLocation.of(SPDX_ID));

  private SbomSchemas() {}

  /** Schema violations of a CycloneDX 1.6 JSON document; empty when valid. */
  public static List<String> cycloneDx16(JsonNode bom) {
    return messages(CYCLONEDX_16.validate(bom));
  }

  /** Schema violations of an SPDX 2.3 JSON document; empty when valid. */
  public static List<String> spdx23(JsonNode doc) {
    return messages(SPDX_23.validate(doc));
  }

  private static List<String> messages(List<Error> errors) {
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
