package dev.tallyman.advisory.version.pypi;

import dev.tallyman.advisory.version.VersionScheme;

/** PEP 440 ordering for the OSV "PyPI" ecosystem (as pypa/packaging's Version). */
public final class PypiVersionScheme implements VersionScheme {
  @Override
  public String ecosystem() {
    return "PyPI";
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(Pep440Version.parse(a).compareTo(Pep440Version.parse(b)));
  }

  @Override
  public Object key(String version) {
    return Pep440Version.parse(version);
  }

  @Override
  public int compareKeys(Object a, Object b) {
    return Integer.signum(((Pep440Version) a).compareTo((Pep440Version) b));
  }

  @Override
  public void validate(String version) {
    Pep440Version.parse(version);
  }
}
