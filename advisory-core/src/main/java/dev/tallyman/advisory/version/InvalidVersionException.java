package dev.tallyman.advisory.version;

/** A version string that its scheme cannot order; the message says why. */
public final class InvalidVersionException extends IllegalArgumentException {
  private final String version;

  public InvalidVersionException(String version, String reason) {
    super("invalid version '" + printable(version) + "': " + reason);
    this.version = version;
  }

  public String version() {
    return version;
  }

  // Keep log lines and error messages readable even for hostile input.
  private static String printable(String s) {
    if (s == null) {
      return "null";
    }
    String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
