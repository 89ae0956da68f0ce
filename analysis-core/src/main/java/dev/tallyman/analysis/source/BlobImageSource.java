package dev.tallyman.analysis.source;

import dev.tallyman.analysis.DigestMismatchException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.layer.LocalTarLayer;
import dev.tallyman.analysis.layer.TarLayerArchive;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.RawManifest;
import java.io.IOException;
import java.io.InputStream;

/** A source whose content lives in a content-addressed blob store. */
abstract class BlobImageSource implements ImageSource {
  protected final LayerLimits limits;

  BlobImageSource(LayerLimits limits) {
    this.limits = limits;
  }

  /** The blob's bytes, throwing {@link DigestMismatchException} at EOF if they are wrong. */
  protected abstract InputStream openVerified(Descriptor descriptor) throws IOException;

  /**
   * Where the blob lies as it is in a local file, or null. Only positions are taken from it: the
   * layer's stream still hashes every byte, and a layer whose digest is wrong fails as a whole.
   */
  protected LocalBlob localBlob(Descriptor descriptor) throws IOException {
    return null;
  }

  @Override
  public RawManifest manifest(Descriptor d) throws IOException {
    return new RawManifest(readSmall(d, "manifest"), d.mediaType(), d.digest());
  }

  @Override
  public byte[] config(Descriptor d) throws IOException {
    return readSmall(d, "image config");
  }

  private byte[] readSmall(Descriptor d, String what) throws IOException {
    Digests.require(d.digest());
    try (InputStream in = openVerified(d)) {
      byte[] bytes =
          LimitedInputStream.readAll(in, Manifests.MAX_JSON_BYTES, what + " " + d.digest());
      String actual = Digests.sha256(bytes);
      if (!actual.equals(d.digest())) {
        throw new DigestMismatchException(what, d.digest(), actual);
      }
      return bytes;
    }
  }

  @Override
  public LocalTarLayer openLocalTar(Descriptor d, String diffId) throws IOException {
    LocalBlob blob = localBlob(d);
    return blob == null ? null : LocalTarLayer.of(blob, d, diffId, limits);
  }

  @Override
  public LayerArchive openLayer(Descriptor d, String diffId) throws IOException {
    // Uncompressed layers have digest == diff id; no need to hash twice.
    String checkDiffId = diffId.equals(d.digest()) ? null : diffId;
    InputStream raw = openVerified(d);
    LocalBlob local;
    try {
      local = localBlob(d);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
    return new TarLayerArchive(raw, checkDiffId, d.digest(), limits, local);
  }
}
