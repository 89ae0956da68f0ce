package dev.tallyman.analyzer.pipeline;

import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.proto.v1.Layer;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.Platform;

/** Analysis-core records to tallyman.v1 messages. */
final class ProtoMapping {
  private ProtoMapping() {}

  static Package pkg(dev.tallyman.analysis.catalog.Package p) {
    return Package.newBuilder()
        .setId(p.id())
        .setEcosystem(p.ecosystem())
        .setName(p.name())
        .setVersion(p.version())
        .setPurl(nz(p.purl()))
        .setSourceName(nz(p.sourceName()))
        .setSourceVersion(nz(p.sourceVersion()))
        .setArchitecture(nz(p.arch()))
        .setPath(p.path())
        .setLayerDiffId(p.layer().diffId())
        .setLayerDigest(p.layer().digest())
        .setLayerCreatedBy(nz(p.layer().createdBy()))
        .setModularityLabel(nz(p.modularityLabel()))
        .build();
  }

  static OperatingSystem os(OsRelease os) {
    return OperatingSystem.newBuilder()
        .setId(os.id())
        .setVersionId(os.versionId())
        .setVersionCodename(os.versionCodename())
        .setPrettyName(os.prettyName())
        .setIdLike(os.idLike())
        .build();
  }

  static Platform platform(dev.tallyman.analysis.oci.Platform p) {
    return Platform.newBuilder()
        .setOs(p.os())
        .setArchitecture(p.architecture())
        .setVariant(p.variant())
        .build();
  }

  static Layer layer(LayerInfo l) {
    return Layer.newBuilder()
        .setDigest(l.digest())
        .setDiffId(l.diffId())
        .setMediaType(nz(l.mediaType()))
        .setSize(l.size())
        .setCreatedBy(nz(l.createdBy()))
        .build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
