package dev.tallyman.analysis.source;

import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LocalTarLayer;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.RawManifest;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where an image comes from: a registry, a docker-save archive, an OCI layout or a plain rootfs
 * directory. Everything is addressed by descriptor, and every source verifies digests, so the
 * analyzer runs the same code for all of them.
 */
public interface ImageSource extends Closeable {
  /** What was asked for, e.g. {@code registry:127.0.0.1:5000/app:1}, for reports. */
  String name();

  /** The manifest or index the target names. */
  RawManifest rootManifest() throws IOException;

  /** A manifest an index points at, verified against its digest. */
  RawManifest manifest(Descriptor descriptor) throws IOException;

  /** The image config blob, size-capped and verified. */
  byte[] config(Descriptor descriptor) throws IOException;

  /** A layer for streaming; its digest (and diff id) are verified when it has been read. */
  LayerArchive openLayer(Descriptor descriptor, String diffId) throws IOException;

  /**
   * The layer when its blob lies in a local file as a plain tar, to be read and verified as two
   * tasks ({@link LocalTarLayer}); null otherwise: then it is streamed ({@link #openLayer}).
   */
  default LocalTarLayer openLocalTar(Descriptor descriptor, String diffId) throws IOException {
    return null;
  }

  /**
   * True when layer diff ids are content digests (verified when read), so a layer's analysis can be
   * reused by diff id; false for sources that make up ids (a directory's path).
   */
  default boolean contentAddressed() {
    return true;
  }

  @Override
  default void close() throws IOException {}
}
