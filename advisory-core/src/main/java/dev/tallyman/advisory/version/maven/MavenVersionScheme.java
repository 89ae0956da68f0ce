package dev.tallyman.advisory.version.maven;

import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own ordering (maven-artifact {@link ComparableVersion}), as the OSV Maven ecosystem. */
public final class MavenVersionScheme implements VersionScheme {
  private static final int MAX_LENGTH = 256;

  @Override
  public String ecosystem() {
    return "Maven";
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  @Override
  public Object key(String version) {
    return parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    return Integer.signum(((ComparableVersion) a).compareTo((ComparableVersion) b));
  }

  /** Parses after validation; ComparableVersion itself accepts any string. */
  public static ComparableVersion parse(String version) {
    check(version);
    return new ComparableVersion(version);
  }

  @Override
  public void validate(String version) {
    check(version);
  }

  // ComparableVersion orders anything, so reject only what no Maven repository can hold.
  private static void check(String version) {
    if (version == null || version.isEmpty()) {
      throw new InvalidVersionException(version, "version string is empty");
    }
    if (version.length() > MAX_LENGTH) {
      throw new InvalidVersionException(version, "version string is longer than " + MAX_LENGTH);
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new InvalidVersionException(version, "version contains whitespace or control chars");
      }
      if ("/\\:<>|?*\"".indexOf(c) >= 0) {
        throw new InvalidVersionException(version, "version contains '" + c + "'");
      }
    }
  }
}
