package dev.tallyman.analysis.reuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.layer.LayeredView.LayerChanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LayerAnalysisCodecTest {
  static final String DIFF = "sha256:" + "1".repeat(64);

  static LayerAnalysis sample() {
    LayerInfo layer = new LayerInfo(DIFF, "sha256:" + "2".repeat(64), "t", 5, "RUN x");
    Package p =
        new Package(
            "Debian",
            "zlib1g",
            "1:1.2",
            "pkg:deb/debian/zlib1g",
            "zlib",
            "",
            "amd64",
            "/var/lib/dpkg/status",
            layer);
    return new LayerAnalysis(
        DIFF,
        Set.of("sha256:" + "2".repeat(64)),
        new LayerChanges<>(
            Set.of("/gone"),
            Set.of("/app"),
            Set.of("/var/lib/dpkg/status", "/etc/os-release", "/bin/sh"),
            Map.of(
                "/var/lib/dpkg/status", new FileResult(null, "dpkg", List.of(p)),
                "/etc/os-release",
                    new FileResult(
                        new OsRelease("debian", "12", "bookworm", "D", ""), null, List.of()))),
        List.of("second note", "first note"),
        3);
  }

  @Test
  void roundTripsEverythingButThePackagesLayer() throws IOException {
    LayerAnalysis a = sample();
    LayerAnalysis back = LayerAnalysisCodec.decode(LayerAnalysisCodec.encode(a), DIFF);

    assertThat(back.blobDigests()).isEqualTo(a.blobDigests());
    assertThat(back.changes().deleted()).isEqualTo(a.changes().deleted());
    assertThat(back.changes().opaque()).isEqualTo(a.changes().opaque());
    assertThat(back.changes().replaced()).isEqualTo(a.changes().replaced());
    assertThat(back.changes().added().get("/etc/os-release"))
        .isEqualTo(a.changes().added().get("/etc/os-release"));
    Package p = back.changes().added().get("/var/lib/dpkg/status").packages().get(0);
    assertThat(p.layer()).isNull();
    assertThat(
            p.withLayer(
                sample().changes().added().get("/var/lib/dpkg/status").packages().get(0).layer()))
        .isEqualTo(sample().changes().added().get("/var/lib/dpkg/status").packages().get(0));
    assertThat(back.notes()).containsExactly("second note", "first note");
    assertThat(back.droppedNotes()).isEqualTo(3);
    assertThat(LayerAnalysisCodec.encode(back)).isEqualTo(LayerAnalysisCodec.encode(a));
  }

  @Test
  void modularityLabelRoundTripsAndFormatOneEntriesStillDecode() throws IOException {
    Package modular =
        new Package(
            "Red Hat",
            "nodejs",
            "1:18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
            "pkg:rpm/redhat/nodejs",
            "nodejs",
            "18.18.2-2.module+el9.3.0+20360+8b6f1c3b",
            "x86_64",
            "/var/lib/rpm/Packages",
            null,
            "nodejs:18:9030020231120082734:rhel9");
    LayerAnalysis a =
        new LayerAnalysis(
            DIFF,
            Set.of(),
            new LayerChanges<>(
                Set.of(),
                Set.of(),
                Set.of(),
                Map.of("/var/lib/rpm/Packages", new FileResult(null, "rpm", List.of(modular)))),
            List.of(),
            0);
    LayerAnalysis back = LayerAnalysisCodec.decode(LayerAnalysisCodec.encode(a), DIFF);
    assertThat(back.changes().added().get("/var/lib/rpm/Packages").packages())
        .containsExactly(modular);

    // An entry written by format 1 (before the label existed) reads with an empty label.
    String v1 =
        "{\"format\":1,\"diffId\":\""
            + DIFF
            + "\",\"blobDigests\":[],\"deleted\":[],\"opaque\":[],\"replaced\":[],"
            + "\"files\":[{\"path\":\"/var/lib/dpkg/status\",\"cataloger\":\"dpkg\","
            + "\"packages\":[{\"ecosystem\":\"Debian\",\"name\":\"zlib1g\",\"version\":\"1:1.2\","
            + "\"purl\":\"p\",\"sourceName\":\"zlib\",\"sourceVersion\":\"\",\"arch\":\"amd64\","
            + "\"path\":\"/var/lib/dpkg/status\"}]}],\"notes\":[],\"droppedNotes\":0}";
    Package old =
        LayerAnalysisCodec.decode(gzip(v1), DIFF)
            .changes()
            .added()
            .get("/var/lib/dpkg/status")
            .packages()
            .get(0);
    assertThat(old.name()).isEqualTo("zlib1g");
    assertThat(old.modularityLabel()).isEmpty();
  }

  @Test
  void refusesAnotherLayersEntryAnotherFormatAndGarbage() throws IOException {
    byte[] entry = LayerAnalysisCodec.encode(sample());
    assertThatThrownBy(() -> LayerAnalysisCodec.decode(entry, "sha256:" + "3".repeat(64)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> LayerAnalysisCodec.decode(gzip("{\"format\":999}"), DIFF))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format");
    assertThatThrownBy(
            () ->
                LayerAnalysisCodec.decode(gzip("{\"format\":1,\"diffId\":\"" + DIFF + "\"}"), DIFF))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () -> LayerAnalysisCodec.decode("not gzip".getBytes(StandardCharsets.UTF_8), DIFF))
        .isInstanceOf(IOException.class);
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
