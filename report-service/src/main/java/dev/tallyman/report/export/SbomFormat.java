package dev.tallyman.report.export;

import dev.tallyman.analysis.sbom.CycloneDxWriter;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.sbom.SpdxWriter;
import dev.tallyman.report.search.InvalidQueryException;
import java.util.Locale;

/** The SBOM export formats, written by analysis-core's writers (the same as `tallyman sbom`). */
public enum SbomFormat {
  CYCLONEDX_JSON("cyclonedx-json", "application/vnd.cyclonedx+json", ".cdx.json"),
  SPDX_JSON("spdx-json", "application/spdx+json", ".spdx.json");

  /** The tool version written into the documents. */
  static final String TOOL_VERSION = "report-service";

  private final String key;
  private final String mediaType;
  private final String extension;

  SbomFormat(String key, String mediaType, String extension) {
    this.key = key;
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String key() {
    return key;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /** Null or blank means CycloneDX. */
  public static SbomFormat parse(String s) {
    if (s == null || s.isBlank()) {
      return CYCLONEDX_JSON;
    }
    String k = s.trim().toLowerCase(Locale.ROOT);
    for (SbomFormat f : values()) {
      if (f.key.equals(k)) {
        return f;
      }
    }
    throw new InvalidQueryException("format must be cyclonedx-json or spdx-json");
  }

  public String render(Sbom sbom) {
    return switch (this) {
      case CYCLONEDX_JSON -> new CycloneDxWriter(TOOL_VERSION).toJson(sbom).toPrettyString();
      case SPDX_JSON -> new SpdxWriter(TOOL_VERSION).toJson(sbom).toPrettyString();
    };
  }
}
