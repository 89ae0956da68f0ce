package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String D = "sha256:" + "a".repeat(64);

  @Test
  void dockerHubDefaults() {
    assertThat(ImageReference.parse("debian"))
        .isEqualTo(new ImageReference("docker.io", "library/debian", "latest", null));
    assertThat(ImageReference.parse("grafana/grafana:10.1"))
        .isEqualTo(new ImageReference("docker.io", "grafana/grafana", "10.1", null));
  }

  @Test
  void registryWithPortTagAndDigest() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/app:1.0@" + D);
    assertThat(ref).isEqualTo(new ImageReference("127.0.0.1:5000", "team/app", "1.0", D));
    assertThat(ref.manifestReference()).isEqualTo(D);
    assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
  }

  @Test
  void rejectsHostileReferences() {
    assertThatThrownBy(() -> ImageReference.parse("127.0.0.1:5000/../../v2/x"))
        .isInstanceOf(AnalysisException.class);
    assertThatThrownBy(() -> ImageReference.parse("app@sha256:zz"))
        .isInstanceOf(AnalysisException.class);
    assertThatThrownBy(() -> ImageReference.parse("app:bad tag"))
        .isInstanceOf(AnalysisException.class);
  }
}
