package dev.tallyman.analysis.io;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Hands a shared stream (a tar or zip entry) to code that may close it. */
public final class NonClosingInputStream extends FilterInputStream {
  public NonClosingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public void close() {}
}
