package dev.tallyman.analysis.layer;

import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.Digests;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;

/**
 * A layer whose blob lies in a local file as a plain tar ({@code docker save}, an OCI directory of
 * uncompressed layers). Reading and verifying it are separate tasks, which can run on different
 * threads: {@link #archive()} reads only headers and the files a cataloger reads, by position;
 * {@link #verify()} hashes the whole blob. Nothing read from the archive counts unless {@link
 * #verify()} passed.
 */
public final class LocalTarLayer implements Closeable {
  private final LocalBlob blob;
  private final Descriptor descriptor;
  private final String diffId;
  private final LayerLimits limits;

  private LocalTarLayer(LocalBlob blob, Descriptor descriptor, String diffId, LayerLimits limits) {
    this.blob = blob;
    this.descriptor = descriptor;
    this.diffId = diffId;
    this.limits = limits;
  }

  /**
   * The layer, or null (and {@code blob} closed) when the blob is not a plain tar, is not the size
   * its descriptor says or is over the layer limit: streaming it reports those as before.
   */
  public static LocalTarLayer of(
      LocalBlob blob, Descriptor descriptor, String diffId, LayerLimits limits) throws IOException {
    boolean ok = false;
    try {
      long length = blob.length();
      if ((descriptor.size() >= 0 && descriptor.size() != length)
          || length > limits.maxLayerBytes()) {
        return null;
      }
      int n = (int) Math.min(4, length);
      PositionalBytes.Window head = blob.bytes(0, n).window(0, n);
      byte[] magic = Arrays.copyOfRange(head.array(), head.offset(), head.offset() + n);
      if (!TarLayerArchive.isPlainTar(magic, n)) {
        return null;
      }
      ok = true;
      return new LocalTarLayer(blob, descriptor, diffId, limits);
    } finally {
      if (!ok) {
        blob.close();
      }
    }
  }

  public long size() {
    return blob.length();
  }

  /** The layer's entries, unverified: only headers and the files a visitor reads are read. */
  public LayerArchive archive() {
    return TarLayerArchive.unverified(blob, descriptor.digest(), limits);
  }

  /**
   * Hashes the whole blob: it must match the descriptor's digest, and, being a plain tar, the diff
   * id too.
   */
  public void verify() throws IOException {
    String actual = Digests.sha256(blob.bytes(0, blob.length()));
    if (!actual.equals(descriptor.digest())) {
      throw new DigestMismatchException("blob " + descriptor.digest(), descriptor.digest(), actual);
    }
    if (!actual.equals(diffId)) {
      throw new DigestMismatchException("blob " + diffId, diffId, actual);
    }
  }

  @Override
  public void close() throws IOException {
    blob.close();
  }
}
