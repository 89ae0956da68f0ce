package dev.tallyman.analysis.layer;

import dev.tallyman.analysis.Notes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The final filesystem view of an image, restricted to the files someone asked for. Layers are
 * applied in order; each wanted file is read once as its layer streams by and turned into a value
 * (e.g. the packages it declares), so only those values are kept, never file contents.
 *
 * <p>Whiteouts ({@code .wh.name}, opaque {@code .wh..wh..opq}) and files replaced by any
 * non-directory entry hide what lower layers wrote; they never affect the layer they are in.
 */
public final class LayeredView<T> {
  /** Turns one wanted file into a value; a null value means "nothing here". */
  public interface FileReader<T> {
    Optional<FileRequest> request(String path);

    /** Whether to read a file the archive marks executable (or not): by path unless overridden. */
    default Optional<FileRequest> request(String path, boolean executable) {
      return request(path);
    }

    T read(String path, long size, InputStream content, LayerInfo layer) throws IOException;
  }

  /** A value and the layer whose file produced it. */
  public record Located<T>(String path, LayerInfo layer, T value) {}

  private final Map<String, Located<T>> files = new TreeMap<>();
  private final Notes notes;

  public LayeredView(Notes notes) {
    this.notes = notes;
  }

  /**
   * What one layer does to the view below it, independent of that view (and of the image the layer
   * is in), so that it can be computed once per layer and reused.
   *
   * @param deleted whiteout targets
   * @param opaque directories whose lower contents this layer hides
   * @param replaced every non-directory path the layer writes: it hides the same path below and, if
   *     that was a directory, everything under it. Wanted lower paths are matched by predicates
   *     (any {@code *.jar}), so no subset of these is safe to drop.
   * @param added wanted files this layer wrote and their values, by path
   */
  public record LayerChanges<T>(
      Set<String> deleted, Set<String> opaque, Set<String> replaced, Map<String, T> added) {
    public LayerChanges {
      deleted = Set.copyOf(deleted);
      opaque = Set.copyOf(opaque);
      replaced = Set.copyOf(replaced);
      added = Collections.unmodifiableMap(new LinkedHashMap<>(added));
    }
  }

  public void apply(LayerInfo layer, LayerArchive archive, FileReader<T> reader)
      throws IOException {
    apply(layer, scan(layer, archive, reader, notes));
  }

  /** Applies a layer's changes on top of the layers applied so far. */
  public void apply(LayerInfo layer, LayerChanges<T> changes) {
    files
        .keySet()
        .removeIf(p -> hidden(p, changes.deleted(), changes.opaque(), changes.replaced()));
    changes.added().forEach((path, value) -> files.put(path, new Located<>(path, layer, value)));
  }

  /** Streams one layer once, reading the wanted files; notes go to {@code notes}. */
  public static <T> LayerChanges<T> scan(
      LayerInfo layer, LayerArchive archive, FileReader<T> reader, Notes notes) throws IOException {
    Set<String> deleted = new HashSet<>();
    Set<String> opaque = new HashSet<>();
    Set<String> replaced = new HashSet<>();
    Map<String, T> added = new LinkedHashMap<>();
    archive.forEach(
        (entry, content) -> {
          Optional<String> normalized = LayerPaths.normalize(entry.name());
          if (normalized.isEmpty()) {
            notes.add(
                "layer "
                    + layer.diffId()
                    + ": ignored entry escaping the root: "
                    + printable(entry.name()));
            return;
          }
          String path = normalized.get();
          String base = LayerPaths.baseName(path);
          if (base.equals(LayerPaths.OPAQUE)) {
            opaque.add(LayerPaths.parent(path));
            return;
          }
          if (base.startsWith(LayerPaths.WHITEOUT_PREFIX)) {
            String target =
                LayerPaths.parent(path)
                    + (LayerPaths.parent(path).equals("/") ? "" : "/")
                    + base.substring(LayerPaths.WHITEOUT_PREFIX.length());
            deleted.add(target);
            return;
          }
          if (entry.kind() == EntryKind.DIRECTORY || path.equals("/")) {
            return;
          }
          // Any non-directory (file, link, device) replaces whatever lower layers had there.
          replaced.add(path);
          added.remove(path);
          if (entry.kind() != EntryKind.FILE) {
            return; // links are never followed; devices and fifos are never read
          }
          Optional<FileRequest> request = reader.request(path, entry.executable());
          if (request.isEmpty()) {
            return;
          }
          if (entry.size() > request.get().maxBytes()) {
            notes.add(
                "skipped "
                    + path
                    + " ("
                    + entry.size()
                    + " bytes, limit "
                    + request.get().maxBytes()
                    + ")");
            return;
          }
          T value = reader.read(path, entry.size(), content, layer);
          if (value != null) {
            added.put(path, value);
          }
        });
    return new LayerChanges<>(deleted, opaque, replaced, added);
  }

  private static boolean hidden(
      String path, Set<String> deleted, Set<String> opaque, Set<String> replaced) {
    for (String d : deleted) {
      if (LayerPaths.isUnder(path, d)) {
        return true;
      }
    }
    for (String o : opaque) {
      if (!path.equals(o) && LayerPaths.isUnder(path, o)) {
        return true;
      }
    }
    if (replaced.contains(path)) {
      return true;
    }
    // A file replacing a directory hides the directory's contents too.
    for (String dir = LayerPaths.parent(path); !dir.equals("/"); dir = LayerPaths.parent(dir)) {
      if (replaced.contains(dir)) {
        return true;
      }
    }
    return false;
  }

  private static String printable(String s) {
    String cleaned = s.replaceAll("\\p{Cntrl}", "?");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) + "..." : cleaned;
  }

  public Optional<Located<T>> get(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** Every wanted file in the final view, ordered by path. */
  public List<Located<T>> files() {
    return Collections.unmodifiableList(new ArrayList<>(files.values()));
  }
}
