package dev.tallyman.analysis.catalog.rust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.elf.ElfFile;
import dev.tallyman.analysis.catalog.elf.ElfFormatException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.InflaterInputStream;

/**
 * The dependency list cargo-auditable embeds in Rust binaries: section {@code .dep-v0} holds
 * zlib-compressed JSON {@code {"packages":[{"name","version","source","kind","dependencies",
 * "root"}]}}. Packages whose source is {@code local} (the binary's own crate and workspace members)
 * were never published, so only the others are reported.
 */
public final class CargoAuditable {
  static final String SECTION = ".dep-v0";

  /** cargo-auditable's own reader refuses more than 8 MiB of compressed or inflated data. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());

  private CargoAuditable() {}

  /** The packages of an auditable binary, or empty when the ELF file carries no such section. */
  public static Optional<List<Package>> read(ElfFile elf, String path, LayerInfo layer)
      throws IOException {
    Optional<ElfFile.Section> section = elf.section(SECTION);
    if (section.isEmpty()) {
      return Optional.empty();
    }
    if (section.get().size() > MAX_BYTES) {
      throw new ElfFormatException(SECTION + " is larger than " + MAX_BYTES + " bytes");
    }
    byte[] compressed = elf.contents(section.get(), MAX_BYTES);
    JsonNode root;
    try (var in =
        new LimitedInputStream(
            new InflaterInputStream(new ByteArrayInputStream(compressed)),
            MAX_BYTES,
            SECTION + " inflated")) {
      root = JSON.readTree(in);
    }
    JsonNode packages = root == null ? null : root.get("packages");
    if (packages == null || !packages.isArray()) {
      throw new ElfFormatException(SECTION + " has no packages array");
    }
    List<Package> out = new ArrayList<>();
    for (JsonNode p : packages) {
      String name = p.path("name").asText("").strip();
      String version = p.path("version").asText("").strip();
      String source = p.path("source").asText("");
      if (name.isEmpty() || version.isEmpty() || source.equals("local")) {
        continue;
      }
      out.add(CargoPackages.of(name, version, path, layer));
    }
    return Optional.of(out);
  }
}
