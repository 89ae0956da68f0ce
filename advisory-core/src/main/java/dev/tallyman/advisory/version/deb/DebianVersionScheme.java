package dev.tallyman.advisory.version.deb;

import dev.tallyman.advisory.version.VersionScheme;

/** dpkg version ordering, for Debian and its derivatives (Ubuntu uses the same ordering). */
public final class DebianVersionScheme implements VersionScheme {
  private final String ecosystem;

  public DebianVersionScheme(String ecosystem) {
    this.ecosystem = ecosystem;
  }

  @Override
  public String ecosystem() {
    return ecosystem;
  }

  @Override
  public int compare(String a, String b) {
    return DebianVersion.compare(DebianVersion.parse(a), DebianVersion.parse(b));
  }

  @Override
  public Object key(String version) {
    return DebianVersion.parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    return DebianVersion.compare((DebianVersion) a, (DebianVersion) b);
  }

  @Override
  public void validate(String version) {
    DebianVersion.parse(version);
  }
}
