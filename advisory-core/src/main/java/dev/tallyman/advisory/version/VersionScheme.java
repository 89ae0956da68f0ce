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

  /**
   * Parses a version once for many comparisons with {@link #compareKeys}; the matcher keeps these
   * for every range bound at load time. The default keeps the (validated) string.
   *
   * @throws InvalidVersionException when the version is not valid in this scheme
   */
  default Object key(String version) {
    validate(version);
    return version;
  }

  /**
   * Compares two results of {@link #key}; exactly {@link #compare} on the original strings, only
   * without parsing them again.
   */
  default int compareKeys(Object a, Object b) {
    return compare((String) a, (String) b);
  }

  default boolean isValid(String version) {
    try {
      validate(version);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }
}
