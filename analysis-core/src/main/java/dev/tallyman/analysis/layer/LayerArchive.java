package dev.tallyman.analysis.layer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** The entries of one layer, streamed once in archive order. */
public interface LayerArchive extends Closeable {
  void forEach(Visitor visitor) throws IOException;

  @FunctionalInterface
  interface Visitor {
    /** {@code content} is only valid during the call and only for files. */
    void visit(LayerEntry entry, InputStream content) throws IOException;
  }
}
