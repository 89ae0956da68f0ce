package dev.tallyman.analysis.reuse;

import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.RawManifest;
import dev.tallyman.analysis.source.ImageSource;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to a real source and records the digest of every layer blob it opens. */
final class CountingSource implements ImageSource {
  final List<String> openedLayers = new CopyOnWriteArrayList<>();
  private final ImageSource delegate;

  CountingSource(ImageSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public RawManifest rootManifest() throws IOException {
    return delegate.rootManifest();
  }

  @Override
  public RawManifest manifest(Descriptor descriptor) throws IOException {
    return delegate.manifest(descriptor);
  }

  @Override
  public byte[] config(Descriptor descriptor) throws IOException {
    return delegate.config(descriptor);
  }

  @Override
  public LayerArchive openLayer(Descriptor descriptor, String diffId) throws IOException {
    openedLayers.add(descriptor.digest());
    return delegate.openLayer(descriptor, diffId);
  }

  @Override
  public boolean contentAddressed() {
    return delegate.contentAddressed();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
