package dev.tallyman.analysis;

import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.catalog.os.OsReleaseDetector;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.layer.LayeredView;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.ImageConfig;
import dev.tallyman.analysis.oci.ImageIndex;
import dev.tallyman.analysis.oci.ImageManifest;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.ParsedManifest;
import dev.tallyman.analysis.oci.Platform;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifest (or index) -> config -> layers streamed in order -> catalogers -> one SBOM per platform.
 */
public final class Analyzer {
  private static final int MAX_INDEX_DEPTH = 2;
  private static final Comparator<Package> ORDER =
      Comparator.comparing(Package::ecosystem)
          .thenComparing(Package::name)
          .thenComparing(Package::version)
          .thenComparing(Package::path);

  private final List<Cataloger> catalogers;
  private final LayerLimits limits;

  public Analyzer(List<Cataloger> catalogers, LayerLimits limits) {
    this.catalogers = List.copyOf(catalogers);
    this.limits = limits;
  }

  public Analyzer() {
    this(Catalogers.defaults(), LayerLimits.DEFAULT);
  }

  public List<Sbom> analyze(ImageSource source) throws IOException {
    List<Sbom> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    collect(source, Manifests.parse(source.rootManifest()), "", null, 0, skipped, out);
    if (out.isEmpty()) {
      throw new AnalysisException(
          source.name() + ": no analyzable image manifest (" + String.join("; ", skipped) + ")");
    }
    return out;
  }

  private void collect(
      ImageSource source,
      ParsedManifest parsed,
      String indexDigest,
      Platform indexPlatform,
      int depth,
      List<String> skipped,
      List<Sbom> out)
      throws IOException {
    if (parsed instanceof ImageManifest m) {
      out.add(analyzeImage(source, m, indexDigest, indexPlatform, skipped));
      return;
    }
    ImageIndex index = (ImageIndex) parsed;
    if (depth >= MAX_INDEX_DEPTH) {
      throw new AnalysisException("index " + index.digest() + " nests indexes too deeply");
    }
    // Decide what to skip first, so that every platform's SBOM carries the same notes.
    List<Descriptor> wanted = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      if (d.isAttestation()) {
        skipped.add("skipped attestation manifest " + d.digest());
      } else if (d.platform() != null && d.platform().isUnknown()) {
        skipped.add("skipped manifest " + d.digest() + " for unknown platform " + d.platform());
      } else if (!d.mediaType().isEmpty()
          && !MediaTypes.isManifest(d.mediaType())
          && !MediaTypes.isIndex(d.mediaType())) {
        skipped.add("skipped manifest " + d.digest() + " of unsupported type " + d.mediaType());
      } else {
        wanted.add(d);
      }
    }
    String parent = index.digest().isEmpty() ? indexDigest : index.digest();
    for (Descriptor d : wanted) {
      collect(
          source,
          Manifests.parse(source.manifest(d)),
          parent,
          d.platform(),
          depth + 1,
          skipped,
          out);
    }
  }

  private Sbom analyzeImage(
      ImageSource source,
      ImageManifest manifest,
      String indexDigest,
      Platform indexPlatform,
      List<String> skipped)
      throws IOException {
    ImageConfig config =
        ImageConfig.parse(source.config(manifest.config()), manifest.config().digest());
    if (config.diffIds().size() != manifest.layers().size()) {
      throw new AnalysisException(
          "image "
              + manifest.digest()
              + ": manifest has "
              + manifest.layers().size()
              + " layers but config lists "
              + config.diffIds().size()
              + " diff ids");
    }
    Notes notes = new Notes();
    skipped.forEach(notes::add);
    LayeredView<Found> view = new LayeredView<>(notes);
    List<LayerInfo> layers = new ArrayList<>();
    for (int i = 0; i < manifest.layers().size(); i++) {
      Descriptor d = manifest.layers().get(i);
      LayerInfo layer =
          new LayerInfo(
              config.diffIds().get(i),
              d.digest(),
              d.mediaType(),
              d.size(),
              config.layerCreatedBy().get(i));
      layers.add(layer);
      try (LayerArchive archive = source.openLayer(d, layer.diffId())) {
        view.apply(layer, archive, new Reader(notes));
      }
    }
    Map<String, OsRelease> osFiles = new HashMap<>();
    List<LayeredView.Located<Found>> found = view.files();
    for (var f : found) {
      if (f.value().os() != null) {
        osFiles.put(f.path(), f.value().os());
      }
    }
    OsRelease os = OsReleaseDetector.choose(osFiles);
    List<Package> packages = new ArrayList<>();
    for (var f : found) {
      if (f.value().cataloger() != null) {
        f.value().packages().forEach(p -> packages.add(f.value().cataloger().complete(p, os)));
      }
    }
    packages.sort(ORDER);
    Platform platform =
        config.platform().os().isEmpty() && indexPlatform != null
            ? indexPlatform
            : config.platform();
    return new Sbom(
        source.name(),
        manifest.digest(),
        indexDigest,
        manifest.config().digest(),
        platform,
        os,
        layers,
        packages,
        notes.list());
  }

  /** What one wanted file yielded: an os-release, or a cataloger's packages. */
  private record Found(OsRelease os, Cataloger cataloger, List<Package> packages) {}

  private final class Reader implements LayeredView.FileReader<Found> {
    private final Notes notes;

    Reader(Notes notes) {
      this.notes = notes;
    }

    @Override
    public Optional<FileRequest> request(String path) {
      if (OsReleaseDetector.REQUEST.wants(path)) {
        return Optional.of(OsReleaseDetector.REQUEST);
      }
      return owner(path)
          .map(
              c ->
                  new FileRequest(
                      c.request().paths(),
                      Math.min(c.request().maxBytes(), limits.maxFileBytes())));
    }

    private Optional<Cataloger> owner(String path) {
      return catalogers.stream().filter(c -> c.request().wants(path)).findFirst();
    }

    @Override
    public Found read(String path, long size, InputStream content, LayerInfo layer)
        throws IOException {
      if (OsReleaseDetector.REQUEST.wants(path)) {
        return new Found(OsReleaseDetector.read(path, content), null, List.of());
      }
      Cataloger c = owner(path).orElseThrow();
      return new Found(null, c, c.catalog(new ImageFile(path, size, content, layer, notes)));
    }
  }
}
