package dev.tallyman.analysis.reuse;

import dev.tallyman.analysis.layer.LayeredView.LayerChanges;
import java.util.List;
import java.util.Set;

/**
 * Everything the merged view needs from one layer, so it never has to be read again: its changes
 * (whiteouts, opaque dirs, written paths, per-file results) and the notes reading it produced.
 *
 * @param blobDigests the (compressed) blob digests this layer was verified under; a hit under
 *     another digest is read again, so that an image cannot borrow a known layer's analysis by
 *     claiming its diff id for a different blob
 */
public record LayerAnalysis(
    String diffId,
    Set<String> blobDigests,
    LayerChanges<FileResult> changes,
    List<String> notes,
    int droppedNotes) {
  public LayerAnalysis {
    blobDigests = Set.copyOf(blobDigests);
    notes = List.copyOf(notes);
  }
}
