package dev.tallyman.analysis.oci;

import dev.tallyman.analysis.DigestMismatchException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes everything read and throws {@link DigestMismatchException} at end of stream when the
 * content does not match the expected digest (or exceeds / falls short of the expected size).
 */
public final class DigestVerifyingInputStream extends FilterInputStream {
  private final String expected;
  private final long expectedSize;
  private final MessageDigest sha = Digests.newSha256();
  private long count;
  private boolean verified;

  /**
   * @param expectedSize the size from the descriptor, or -1 when unknown
   */
  public DigestVerifyingInputStream(InputStream in, String expected, long expectedSize) {
    super(in);
    this.expected = Digests.require(expected);
    this.expectedSize = expectedSize;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      verify();
    } else {
      sha.update((byte) b);
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n < 0) {
      verify();
    } else if (n > 0) {
      sha.update(b, off, n);
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must be hashed too.
    byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(long n) {
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw new DigestMismatchException(
          "blob " + expected, expected, "longer than the declared size " + expectedSize);
    }
  }

  private void verify() {
    if (verified) {
      return;
    }
    verified = true;
    String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(expected)) {
      throw new DigestMismatchException("blob " + expected, expected, actual);
    }
    if (expectedSize >= 0 && count != expectedSize) {
      throw new DigestMismatchException(
          "blob " + expected, "size " + expectedSize, "size " + count);
    }
  }

  /** Reads to the end so the digest is checked even when the consumer stopped early. */
  public void drainAndVerify() throws IOException {
    in.transferTo(
        new java.io.OutputStream() {
          @Override
          public void write(int b) {
            sha.update((byte) b);
            counted(1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            counted(len);
          }
        });
    verify();
  }
}
