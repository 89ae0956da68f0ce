package dev.tallyman.analysis.oci;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.io.PositionalBytes;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** sha256 digests in OCI form ({@code sha256:<64 hex>}). Only sha256 is accepted. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

  // FIPS 180-2 appendix B.1: SHA-256("abc").
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /** Where {@link #newSha256()} comes from; null = the JDK's provider order. */
  private static volatile Provider sha256Provider;

  private Digests() {}

  public static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  /**
   * The digest of all of {@code bytes}, read by position in 1 MiB pieces. The buffer is direct: a
   * file is read into it without a copy, and a native digest hashes it where it is.
   */
  public static String sha256(PositionalBytes bytes) throws IOException {
    MessageDigest sha = newSha256();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long length = bytes.length();
    for (long at = 0; at < length; ) {
      buf.clear();
      int n = bytes.read(at, buf);
      if (n < 0) {
        throw new EOFException("bytes end before their length");
      }
      buf.flip();
      sha.update(buf);
      at += n;
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  public static MessageDigest newSha256() {
    Provider p = sha256Provider;
    try {
      return p == null
          ? MessageDigest.getInstance("SHA-256")
          : MessageDigest.getInstance("SHA-256", p);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes {@link #newSha256()} use {@code provider} (the CLI's native SHA-256, which a C1-only JVM
   * needs), but only after it has given the same answers as the JDK's own implementation: the FIPS
   * 180-2 vector, the empty input, and 1 MiB of random bytes fed in uneven pieces. Returns whether
   * it was adopted; a provider that disagrees, or fails, is not.
   */
  public static boolean useSha256Provider(Provider provider) {
    try {
      MessageDigest theirs = MessageDigest.getInstance("SHA-256", provider);
      MessageDigest ours = MessageDigest.getInstance("SHA-256", "SUN");
      if (!ABC.equals(HexFormat.of().formatHex(theirs.digest("abc".getBytes(US_ASCII))))
          || !Arrays.equals(theirs.digest(new byte[0]), ours.digest(new byte[0]))) {
        return false;
      }
      byte[] data = new byte[1 << 20];
      new SplittableRandom(180).nextBytes(data);
      for (int off = 0, step = 1; off < data.length; off += step, step = step * 3 + 1) {
        int n = Math.min(step, data.length - off);
        theirs.update(data, off, n);
        ours.update(data, off, n);
      }
      if (!Arrays.equals(theirs.digest(), ours.digest())) {
        return false;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
    sha256Provider = provider;
    return true;
  }

  /** Back to the JDK's provider order (tests). */
  public static void useDefaultSha256Provider() {
    sha256Provider = null;
  }

  /** The provider {@link #newSha256()} uses. */
  public static Provider sha256Provider() {
    return newSha256().getProvider();
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
