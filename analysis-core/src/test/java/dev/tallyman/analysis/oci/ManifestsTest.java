package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);

  private static RawManifest raw(String json, String contentType) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new RawManifest(b, contentType, Digests.sha256(b));
  }

  @Test
  void dockerSchema2Manifest() {
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.DOCKER_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.DOCKER_CONFIG
            + "\",\"digest\":\""
            + D1
            + "\",\"size\":12},\"layers\":[{\"mediaType\":\""
            + MediaTypes.DOCKER_LAYER_GZIP
            + "\",\"digest\":\""
            + D2
            + "\",\"size\":99}]}";
    ImageManifest m = (ImageManifest) Manifests.parse(raw(json, MediaTypes.DOCKER_MANIFEST));
    assertThat(m.config().digest()).isEqualTo(D1);
    assertThat(m.layers())
        .extracting(Descriptor::digest, Descriptor::size)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(D2, 99L));
  }

  @Test
  void indexFromJsonWhenContentTypeIsGeneric() {
    String json =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + D1
            + "\",\"size\":5,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}";
    ImageIndex idx = (ImageIndex) Manifests.parse(raw(json, "application/json"));
    assertThat(idx.manifests().get(0).platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
  }

  @Test
  void schema1IsRefused() {
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    raw("{\"schemaVersion\":1,\"fsLayers\":[]}", MediaTypes.DOCKER_SCHEMA1_SIGNED)))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("schema 1");
  }

  @Test
  void badDigestsAndJunkAreRefused() {
    assertThatThrownBy(
            () ->
                Manifests.parse(
                    raw(
                        "{\"schemaVersion\":2,\"config\":{\"digest\":\"md5:abc\",\"size\":1},\"layers\":[]}",
                        MediaTypes.OCI_MANIFEST)))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("md5:abc");
    assertThatThrownBy(() -> Manifests.parse(raw("not json", MediaTypes.OCI_MANIFEST)))
        .isInstanceOf(AnalysisException.class);
    assertThatThrownBy(() -> Manifests.parse(raw("{}", "application/vnd.example+json")))
        .hasMessageContaining("unsupported media type");
  }

  @Test
  void configMapsHistoryToLayersSkippingEmptyLayers() {
    String cfg =
        "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + D1
            + "\",\""
            + D2
            + "\"]},"
            + "\"history\":[{\"created_by\":\"ADD rootfs.tar /\"},{\"created_by\":\"ENV A=1\",\"empty_layer\":true},{\"created_by\":\"RUN apt-get install x\"}]}";
    ImageConfig c = ImageConfig.parse(cfg.getBytes(StandardCharsets.UTF_8), D1);
    assertThat(c.platform()).isEqualTo(new Platform("linux", "amd64", ""));
    assertThat(c.diffIds()).containsExactly(D1, D2);
    assertThat(c.layerCreatedBy()).containsExactly("ADD rootfs.tar /", "RUN apt-get install x");
  }

  @Test
  void authChallengeParsing() {
    AuthChallenge c =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"");
    assertThat(c.isBearer()).isTrue();
    assertThat(c.params())
        .containsEntry("realm", "https://auth.example/token")
        .containsEntry("service", "registry.example")
        .containsEntry("scope", "repository:a/b:pull");
  }
}
