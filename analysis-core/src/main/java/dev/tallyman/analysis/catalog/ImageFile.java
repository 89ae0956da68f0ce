package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.InputStream;
import java.util.Optional;

/** A wanted file as its layer streams by. {@code content} is valid only during the call. */
public record ImageFile(String path, long size, InputStream content, LayerInfo layer, Notes notes) {

  /**
   * The same bytes by position, when the file lies as it is in a local file (an uncompressed layer
   * of a local archive). Valid only during the call, like {@code content}; reading them leaves
   * {@code content} where it was.
   */
  public Optional<PositionalBytes> positional() {
    return PositionalBytes.of(content);
  }
}
