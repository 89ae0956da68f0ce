package dev.tallyman.report.index;

import java.util.regex.Pattern;

/**
 * Names of one index family. Readers and writers go through the alias, so a future {@code -v2} can
 * be built beside {@code -v1} and swapped in atomically.
 *
 * @param prefix e.g. {@code tallyman-findings}: template name, alias name and index-name stem
 */
public record IndexLayout(String prefix) {
  public static final String DEFAULT_PREFIX = "tallyman-findings";
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  public IndexLayout {
    if (prefix == null || !VALID.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "index prefix must be lower-case letters, digits, '.', '_' or '-': " + prefix);
    }
  }

  public String templateName() {
    return prefix;
  }

  public String indexPattern() {
    return prefix + "*";
  }

  /** The concrete index the alias points at for this schema version. */
  public String index() {
    return prefix + "-v1";
  }

  /** What everyone reads and writes through. */
  public String alias() {
    return prefix;
  }

  /**
   * Status transitions of the findings ({@code <prefix>-history}). Its name falls under the
   * findings pattern too, so its template has a higher priority.
   */
  public IndexLayout history() {
    return new IndexLayout(prefix + "-history");
  }

  /** One document per image digest ({@code <prefix>-images}). */
  public IndexLayout images() {
    return new IndexLayout(prefix + "-images");
  }

  /** One document per (image digest, package) from the SBOMs ({@code <prefix>-packages}). */
  public IndexLayout packages() {
    return new IndexLayout(prefix + "-packages");
  }

  /** One document per image digest: the header of its newest SBOM ({@code <prefix>-sboms}). */
  public IndexLayout sboms() {
    return new IndexLayout(prefix + "-sboms");
  }
}
