package dev.tallyman.analysis;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is not a container image is recognized and skipped with a note: cosign signatures, SBOM
 * attestations, Helm charts (by artifactType or config/layer media types), and foreign /
 * non-distributable layers (their blobs are not even in the layout, so fetching one would fail).
 */
class AnalyzerArtifactsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private Path blobs;

  private String put(byte[] bytes) throws IOException {
    String d = Digests.sha256(bytes);
    Files.write(blobs.resolve(d.substring(7)), bytes);
    return d;
  }

  private ObjectNode manifest(String configType, String configDigest, long configSize) {
    ObjectNode m =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", configType)
        .put("digest", configDigest)
        .put("size", configSize);
    m.putArray("layers");
    return m;
  }

  private static ObjectNode layer(ArrayNode layers, String type, String digest, long size) {
    return layers.addObject().put("mediaType", type).put("digest", digest).put("size", size);
  }

  private static ObjectNode entry(ArrayNode manifests, String digest, long size) {
    return manifests
        .addObject()
        .put("mediaType", MediaTypes.OCI_MANIFEST)
        .put("digest", digest)
        .put("size", size);
  }

  private List<Sbom> analyze(Path layout) throws IOException {
    try (ImageSource source =
        ImageSources.open("oci-dir:" + layout, new RegistryClient(), LayerLimits.DEFAULT)) {
      return new Analyzer().analyze(source);
    }
  }

  private void writeIndex(Path layout, ObjectNode index) throws IOException {
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  @Test
  void signaturesAttestationsAndChartsBesideAnImageAreSkippedWithNotes() throws IOException {
    Path layout = tmp.resolve("mixed");
    blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    TestImage img = AnalyzerTest.image("amd64");
    for (var b : img.blobs.entrySet()) {
      put(b.getValue());
    }
    put(img.manifest);

    // cosign: an image config type, but a simple-signing payload as its only layer
    byte[] payload = "{\"critical\":{}}".getBytes();
    byte[] cosignCfg = "{\"architecture\":\"\",\"os\":\"\"}".getBytes();
    ObjectNode cosign = manifest(MediaTypes.OCI_CONFIG, put(cosignCfg), cosignCfg.length);
    layer(
        (ArrayNode) cosign.get("layers"),
        "application/vnd.dev.cosign.simplesigning.v1+json",
        put(payload),
        payload.length);
    byte[] cosignBytes = JSON.writeValueAsBytes(cosign);
    String cosignDigest = put(cosignBytes);

    // Helm: its own config type
    byte[] chartCfg = "{\"name\":\"app\",\"version\":\"1.0.0\"}".getBytes();
    ObjectNode chart =
        manifest("application/vnd.cncf.helm.config.v1+json", put(chartCfg), chartCfg.length);
    byte[] chartTgz = TestArchives.gzip(TestArchives.tar(file("app/Chart.yaml", "name: app\n")));
    layer(
        (ArrayNode) chart.get("layers"),
        "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
        put(chartTgz),
        chartTgz.length);
    byte[] chartBytes = JSON.writeValueAsBytes(chart);
    String chartDigest = put(chartBytes);

    ObjectNode index =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = index.putArray("manifests");
    entry(ms, img.manifestDigest, img.manifest.length)
        .putObject("platform")
        .put("os", "linux")
        .put("architecture", "amd64");
    entry(ms, cosignDigest, cosignBytes.length);
    entry(ms, chartDigest, chartBytes.length);
    // an OCI 1.1 referrer whose descriptor says what it is; its blob is absent on purpose
    String sbomDigest = "sha256:" + "5".repeat(64);
    entry(ms, sbomDigest, 123).put("artifactType", "application/spdx+json");
    writeIndex(layout, index);

    List<Sbom> sboms = analyze(layout);

    assertThat(sboms).hasSize(1);
    assertThat(sboms.get(0).imageDigest()).isEqualTo(img.manifestDigest);
    assertThat(sboms.get(0).packages()).isNotEmpty();
    assertThat(sboms.get(0).notes())
        .contains(
            "skipped artifact "
                + cosignDigest
                + " (application/vnd.dev.cosign.simplesigning.v1+json): not a container image",
            "skipped artifact "
                + chartDigest
                + " (application/vnd.cncf.helm.config.v1+json): not a container image",
            "skipped artifact " + sbomDigest + " (application/spdx+json): not a container image");
  }

  @Test
  void aTargetThatIsOnlyAnArtifactIsNotAnImage() throws IOException {
    Path layout = tmp.resolve("attestation");
    blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    byte[] empty = "{}".getBytes();
    ObjectNode att = manifest(MediaTypes.OCI_EMPTY, put(empty), empty.length);
    att.put("artifactType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    byte[] dsse = "{\"payloadType\":\"x\"}".getBytes();
    layer(
        (ArrayNode) att.get("layers"),
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        put(dsse),
        dsse.length);
    byte[] attBytes = JSON.writeValueAsBytes(att);
    String attDigest = put(attBytes);
    ObjectNode index =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
    entry(index.putArray("manifests"), attDigest, attBytes.length);
    writeIndex(layout, index);

    assertThatThrownBy(() -> analyze(layout))
        .isInstanceOf(NotAnImageException.class)
        .hasMessageContaining("no analyzable image manifest")
        .hasMessageContaining("application/vnd.dev.sigstore.bundle.v0.3+json");
  }

  @Test
  void foreignAndNonDistributableLayersAreSkippedWithANote() throws IOException {
    Path layout = tmp.resolve("windows-ish");
    blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    byte[] tar =
        TestArchives.tar(
            file("usr/lib/os-release", AnalyzerTest.OS_RELEASE),
            file("var/lib/dpkg/status", AnalyzerTest.STATUS));
    byte[] gz = TestArchives.gzip(tar);
    String foreign = "sha256:" + "a".repeat(64);
    String nondist = "sha256:" + "b".repeat(64);
    ObjectNode cfg = JSON.createObjectNode().put("os", "linux").put("architecture", "amd64");
    cfg.putObject("rootfs")
        .put("type", "layers")
        .putArray("diff_ids")
        .add("sha256:" + "c".repeat(64))
        .add("sha256:" + "d".repeat(64))
        .add(Digests.sha256(tar));
    byte[] cfgBytes = JSON.writeValueAsBytes(cfg);
    ObjectNode m = manifest(MediaTypes.OCI_CONFIG, put(cfgBytes), cfgBytes.length);
    m.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    ArrayNode layers = (ArrayNode) m.get("layers");
    layer(layers, MediaTypes.DOCKER_FOREIGN_LAYER, foreign, 1000)
        .putArray("urls")
        .add("https://mcr.example/blob");
    layer(layers, MediaTypes.OCI_NONDISTRIBUTABLE_LAYER_GZIP, nondist, 1000);
    layer(layers, MediaTypes.DOCKER_LAYER_GZIP, put(gz), gz.length);
    byte[] mBytes = JSON.writeValueAsBytes(m);
    ObjectNode index =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
    index
        .putArray("manifests")
        .addObject()
        .put("mediaType", MediaTypes.DOCKER_MANIFEST)
        .put("digest", put(mBytes))
        .put("size", mBytes.length);
    writeIndex(layout, index);

    Sbom sbom = analyze(layout).get(0);

    assertThat(sbom.packages()).extracting(p -> p.name()).contains("zlib1g", "curl");
    assertThat(sbom.layers()).hasSize(3);
    assertThat(sbom.notes())
        .anySatisfy(n -> assertThat(n).contains("non-distributable layer " + foreign))
        .anySatisfy(n -> assertThat(n).contains("non-distributable layer " + nondist));
  }
}
