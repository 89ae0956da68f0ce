package dev.tallyman.analysis.oci;

import dev.tallyman.analysis.AnalysisException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests in OCI form ({@code sha256:<64 hex>}). Only sha256 is accepted. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

  private Digests() {}

  public static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean isValid(String digest) {
    return digest != null && SHA256.matcher(digest).matches();
  }

  /** Validates before a digest is used in a URL or a file name. */
  public static String require(String digest) {
    if (!isValid(digest)) {
      throw new AnalysisException("unsupported or malformed digest: " + abbreviate(digest));
    }
    return digest;
  }

  /** The 64 hex characters after {@code sha256:}. */
  public static String hex(String digest) {
    return require(digest).substring("sha256:".length());
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
