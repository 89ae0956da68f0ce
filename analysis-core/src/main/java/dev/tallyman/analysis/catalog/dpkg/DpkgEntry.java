package dev.tallyman.analysis.catalog.dpkg;

/** One stanza of a dpkg status database, as far as we need it. */
public record DpkgEntry(
    String name,
    String version,
    String arch,
    String sourceName,
    String sourceVersion,
    String status) {

  /** Status present and not "installed" (e.g. config-files, half-installed) means not installed. */
  public boolean installed() {
    if (status == null || status.isEmpty()) {
      return true; // distroless status.d stanzas carry no Status field
    }
    String[] words = status.trim().split("\\s+");
    return words[words.length - 1].equals("installed");
  }
}
