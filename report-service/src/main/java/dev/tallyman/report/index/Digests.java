package dev.tallyman.report.index;

import java.util.regex.Pattern;

/** OCI content digests ({@code algorithm:encoded}, image-spec descriptor grammar). */
public final class Digests {
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{1,256}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

  private Digests() {}

  /** Grammar check plus the exact encoding of the registered algorithms. */
  public static boolean isValid(String s) {
    if (s == null || s.length() > 300 || !DIGEST.matcher(s).matches()) {
      return false;
    }
    if (s.startsWith("sha256:")) {
      return SHA256.matcher(s).matches();
    }
    if (s.startsWith("sha512:")) {
      return SHA512.matcher(s).matches();
    }
    return true;
  }
}
