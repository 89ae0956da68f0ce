package dev.tallyman.analysis.source;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens a target: {@code docker-archive:FILE.tar}, {@code oci-dir:DIR}, {@code dir:ROOTFS} or
 * {@code registry:REF}.
 */
public final class ImageSources {
  private ImageSources() {}

  public static ImageSource open(String target, RegistryClient registry, LayerLimits limits)
      throws IOException {
    int colon = target.indexOf(':');
    String scheme = colon < 0 ? "" : target.substring(0, colon);
    String rest = colon < 0 ? target : target.substring(colon + 1);
    return switch (scheme) {
      case "docker-archive" -> DockerArchiveSource.open(target, existing(rest), limits);
      case "oci-dir" -> ociDir(target, existing(rest), limits);
      case "dir" -> new DirectorySource(target, existing(rest), limits);
      case "registry" -> new RegistrySource(registry, ImageReference.parse(rest), limits);
      default ->
          throw new AnalysisException(
              "unknown target '"
                  + target
                  + "': use docker-archive:FILE.tar, oci-dir:DIR, dir:ROOTFS or registry:REF");
    };
  }

  private static Path existing(String path) {
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new AnalysisException(path + " does not exist");
    }
    return p;
  }

  /** Blob names are validated hex digests, and symlinks out of the layout are not followed. */
  private static ImageSource ociDir(String name, Path dir, LayerLimits limits) throws IOException {
    Path root = dir.toRealPath();
    return new OciLayoutSource(
        name,
        rel -> {
          Path p = inLayout(root, rel);
          return p == null
              ? null
              : (InputStream) Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        },
        rel -> {
          Path p = inLayout(root, rel);
          return p == null ? null : LocalBlob.open(p, 0, Files.size(p), false);
        },
        null,
        limits);
  }

  private static Path inLayout(Path root, String rel) {
    Path p = root.resolve(rel).normalize();
    return p.startsWith(root) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
  }
}
