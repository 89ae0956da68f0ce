package dev.tallyman.analyzer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import org.junit.jupiter.api.Test;

class ProtoMappingTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD / /");

  @Test
  void modularityLabelReachesTheProtoPackage() {
    Package modular =
        new Package(
            "Red Hat",
            "nodejs",
            "1:18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
            "pkg:rpm/rhel/nodejs",
            "nodejs",
            "18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
            "x86_64",
            "/var/lib/rpm/rpmdb.sqlite",
            LAYER,
            "nodejs:18:9030020231120082734:rhel9");
    dev.tallyman.proto.v1.Package p = ProtoMapping.pkg(modular);
    assertThat(p.getModularityLabel()).isEqualTo("nodejs:18:9030020231120082734:rhel9");
    assertThat(p.getName()).isEqualTo("nodejs");
    assertThat(p.getId()).isEqualTo(modular.id());

    Package plain =
        new Package(
            "Debian", "zlib1g", "1:1.2", "", "zlib", "", "amd64", "/var/lib/dpkg/status", LAYER);
    assertThat(ProtoMapping.pkg(plain).getModularityLabel()).isEmpty();
  }
}
