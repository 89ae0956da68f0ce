package dev.tallyman.analysis.source;

import dev.tallyman.analysis.ImageNotFoundException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.DigestVerifyingInputStream;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RawManifest;
import java.io.IOException;
import java.io.InputStream;

/** An OCI image layout (index.json + blobs/sha256/), in a directory or inside a tar. */
public final class OciLayoutSource extends BlobImageSource {
  /** Opens a file of the layout by relative path, or returns null when it does not exist. */
  @FunctionalInterface
  public interface Files {
    InputStream open(String relativePath) throws IOException;
  }

  private final String name;

  /** Where a file of the layout lies in a local file, or null when that is not known. */
  @FunctionalInterface
  public interface Locator {
    LocalBlob locate(String relativePath) throws IOException;
  }

  private final Files files;
  private final Locator locator;
  private final AutoCloseable owner;

  public OciLayoutSource(String name, Files files, AutoCloseable owner, LayerLimits limits) {
    this(name, files, rel -> null, owner, limits);
  }

  public OciLayoutSource(
      String name, Files files, Locator locator, AutoCloseable owner, LayerLimits limits) {
    super(limits);
    this.name = name;
    this.files = files;
    this.locator = locator;
    this.owner = owner;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RawManifest rootManifest() throws IOException {
    InputStream in = files.open("index.json");
    if (in == null) {
      throw new ImageNotFoundException(name + ": no index.json (not an OCI image layout)");
    }
    try (in) {
      byte[] bytes = LimitedInputStream.readAll(in, Manifests.MAX_JSON_BYTES, name + " index.json");
      // index.json is not content-addressed itself, so it gets no image digest.
      return new RawManifest(bytes, MediaTypes.OCI_INDEX, "");
    }
  }

  @Override
  protected InputStream openVerified(Descriptor d) throws IOException {
    InputStream in = files.open("blobs/sha256/" + Digests.hex(d.digest()));
    if (in == null) {
      throw new ImageNotFoundException(name + ": blob " + d.digest() + " is missing");
    }
    return new DigestVerifyingInputStream(in, d.digest(), d.size());
  }

  @Override
  protected LocalBlob localBlob(Descriptor d) throws IOException {
    LocalBlob blob = locator.locate("blobs/sha256/" + Digests.hex(d.digest()));
    if (blob != null && d.size() >= 0 && blob.length() != d.size()) {
      blob.close(); // the stream fails on the size; offer no positions for it
      return null;
    }
    return blob;
  }

  @Override
  public void close() throws IOException {
    if (owner != null) {
      try {
        owner.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }
}
