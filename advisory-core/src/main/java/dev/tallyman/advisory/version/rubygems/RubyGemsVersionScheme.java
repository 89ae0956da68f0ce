package dev.tallyman.advisory.version.rubygems;

import dev.tallyman.advisory.version.VersionScheme;

/** RubyGems {@code Gem::Version} ordering for the OSV "RubyGems" ecosystem. */
public final class RubyGemsVersionScheme implements VersionScheme {
  @Override
  public String ecosystem() {
    return "RubyGems";
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(GemVersion.parse(a).compareTo(GemVersion.parse(b)));
  }

  @Override
  public Object key(String version) {
    return GemVersion.parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    return Integer.signum(((GemVersion) a).compareTo((GemVersion) b));
  }

  @Override
  public void validate(String version) {
    GemVersion.parse(version);
  }
}
