package dev.tallyman.advisory.version;

/**
 * Ordering of version strings within one ecosystem. Implementations are stateless and thread-safe.
 */
public interface VersionScheme {

  /** OSV ecosystem family this scheme orders, e.g. "Debian" or "Maven". */
  String ecosystem();

  /**
   * Compares two versions.
   *
   * @return -1, 0 or 1
   * @throws InvalidVersionException when either version is not valid in this scheme
   */
  int compare(String a, String b);

  /**
   * Checks that a version is valid in this scheme.
   *
   * @throws InvalidVersionException with the reason when it is not
   */
  void validate(String version);

  default boolean isValid(String version) {
    try {
      validate(version);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }
}
