package dev.tallyman.analysis.source;

import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.RawManifest;
import dev.tallyman.analysis.oci.RegistryClient;
import java.io.IOException;
import java.io.InputStream;

/** An image in an OCI distribution registry. */
public final class RegistrySource extends BlobImageSource {
  private final RegistryClient client;
  private final ImageReference ref;

  public RegistrySource(RegistryClient client, ImageReference ref, LayerLimits limits) {
    super(limits);
    this.client = client;
    this.ref = ref;
  }

  @Override
  public String name() {
    return ref.toString();
  }

  public ImageReference reference() {
    return ref;
  }

  @Override
  public RawManifest rootManifest() throws IOException {
    return client.manifest(ref);
  }

  @Override
  public RawManifest manifest(Descriptor d) throws IOException {
    RawManifest raw =
        client.manifest(ImageReference.of(ref.registry(), ref.repository(), null, d.digest()));
    return raw.mediaType().isEmpty()
        ? new RawManifest(raw.bytes(), d.mediaType(), raw.digest())
        : raw;
  }

  @Override
  protected InputStream openVerified(Descriptor d) throws IOException {
    return client.blob(ref.registry(), ref.repository(), d);
  }
}
