package dev.tallyman.analysis.catalog.rpm;

/**
 * One installed rpm.
 *
 * @param epoch null when the package has none (which rpm compares as 0)
 * @param sourceRpm e.g. {@code openssl-3.0.7-27.el9.src.rpm}
 */
public record RpmEntry(
    String name,
    Integer epoch,
    String version,
    String release,
    String arch,
    String sourceRpm,
    String modularityLabel) {

  static RpmEntry of(RpmHeader h) {
    return new RpmEntry(
        h.string(RpmHeader.NAME),
        h.integer(RpmHeader.EPOCH),
        h.string(RpmHeader.VERSION),
        h.string(RpmHeader.RELEASE),
        h.string(RpmHeader.ARCH),
        h.string(RpmHeader.SOURCERPM),
        h.string(RpmHeader.MODULARITYLABEL));
  }

  /** {@code [epoch:]version-release}, the form OSV's rpm-based ecosystems compare. */
  public String evr() {
    String vr = release.isEmpty() ? version : version + "-" + release;
    return epoch == null || epoch == 0 ? vr : epoch + ":" + vr;
  }

  /** Source package name from {@code NAME-VERSION-RELEASE.src.rpm}; empty when unparsable. */
  public String sourceName() {
    String[] nvr = sourceNvr();
    return nvr == null ? "" : nvr[0];
  }

  /** {@code VERSION-RELEASE} of the source package. */
  public String sourceVersion() {
    String[] nvr = sourceNvr();
    return nvr == null ? "" : nvr[1];
  }

  private String[] sourceNvr() {
    String s = sourceRpm;
    for (String suffix : new String[] {".src.rpm", ".nosrc.rpm"}) {
      if (s.endsWith(suffix)) {
        s = s.substring(0, s.length() - suffix.length());
        int rel = s.lastIndexOf('-');
        int ver = rel > 0 ? s.lastIndexOf('-', rel - 1) : -1;
        return ver > 0 ? new String[] {s.substring(0, ver), s.substring(ver + 1)} : null;
      }
    }
    return null;
  }
}
