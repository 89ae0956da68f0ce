package dev.tallyman.report.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic document ids, so replaying a report overwrites instead of duplicating: sha256 of
 * {@code digest|vulnerability id|package purl (or package id)|package path}.
 */
public final class DocumentIds {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private DocumentIds() {}

  public static String of(String imageDigest, String vulnerabilityId, String pkgRef, String path) {
    String key =
        String.join(
            "|",
            esc(imageDigest),
            esc(vulnerabilityId),
            esc(pkgRef),
            esc(path == null ? "" : path));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Escapes the separator so "a|b","c" and "a","b|c" cannot collide. */
  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|");
  }

  /** Whether {@code s} has the shape of an id made here (checked before asking Elasticsearch). */
  public static boolean isValid(String s) {
    return s != null && ID.matcher(s).matches();
  }
}
