package dev.tallyman.analysis.catalog.maven;

import java.io.IOException;
import java.io.InputStream;

/**
 * A jar's entries one after another: {@link JarWalker} for a stream, {@link ZipDirectory} in
 * memory.
 */
interface JarEntries extends AutoCloseable {
  /** The next entry's name, or null after the last. */
  String next() throws IOException;

  /** The current entry's uncompressed bytes; valid until {@link #next()}. */
  InputStream content() throws IOException;

  @Override
  void close();
}
