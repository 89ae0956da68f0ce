package dev.tallyman.analysis.reuse;

import java.util.Optional;

/**
 * Serialized layer analyses by cache key ({@link LayerAnalysisCodec#key}). Implementations are best
 * effort: a lost or unreadable entry only means the layer is read again.
 */
public interface LayerCache {
  Optional<byte[]> get(String key);

  void put(String key, byte[] entry);
}
