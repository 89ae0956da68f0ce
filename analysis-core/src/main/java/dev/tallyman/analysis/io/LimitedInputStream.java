package dev.tallyman.analysis.io;

import dev.tallyman.analysis.LimitExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Throws {@link LimitExceededException} once more than {@code limit} bytes were read. */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String what;
  private long count;

  public LimitedInputStream(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    add(s);
    return s;
  }

  private void add(long n) {
    count += n;
    if (count > limit) {
      throw new LimitExceededException(what + " exceeds the limit of " + limit + " bytes");
    }
  }

  public long count() {
    return count;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads everything into memory, failing past the limit. */
  public static byte[] readAll(InputStream in, long limit, String what) throws IOException {
    return new LimitedInputStream(in, limit, what).readAllBytes();
  }
}
