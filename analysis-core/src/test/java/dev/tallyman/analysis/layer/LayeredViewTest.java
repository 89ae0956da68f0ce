package dev.tallyman.analysis.layer;

import static dev.tallyman.analysis.testing.TestArchives.Entry.dir;
import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.hardlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.opaque;
import static dev.tallyman.analysis.testing.TestArchives.Entry.symlink;
import static dev.tallyman.analysis.testing.TestArchives.Entry.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestArchives.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LayeredViewTest {
  private final Notes notes = new Notes();
  private final LayeredView<String> view = new LayeredView<>(notes);

  /** Wants every *.txt file, capped at 100 bytes; the value is the content. */
  private static final LayeredView.FileReader<String> TXT =
      new LayeredView.FileReader<>() {
        @Override
        public Optional<FileRequest> request(String path) {
          return path.endsWith(".txt")
              ? Optional.of(new FileRequest(p -> true, 100))
              : Optional.empty();
        }

        @Override
        public String read(String path, long size, InputStream content, LayerInfo layer)
            throws IOException {
          return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
      };

  private LayerInfo apply(String name, Entry... entries) throws IOException {
    byte[] tar = TestArchives.tar(entries);
    LayerInfo info =
        new LayerInfo(Digests.sha256(tar), Digests.sha256(tar), "", tar.length, "RUN " + name);
    view.apply(
        info,
        new TarLayerArchive(
            new ByteArrayInputStream(tar), info.diffId(), name, LayerLimits.DEFAULT),
        TXT);
    return info;
  }

  private Map<String, String> contents() {
    Map<String, String> out = new TreeMap<>();
    view.files().forEach(f -> out.put(f.path(), f.value()));
    return out;
  }

  @Test
  void laterLayersOverwriteAndRecordTheLayerThatLastWrote() throws IOException {
    LayerInfo first =
        apply(
            "one",
            dir("etc/"),
            file("etc/a.txt", "a1"),
            file("etc/b.txt", "b1"),
            file("etc/ignored.bin", "x"));
    LayerInfo second = apply("two", file("./etc/a.txt", "a2"));

    assertThat(contents())
        .containsExactly(Map.entry("/etc/a.txt", "a2"), Map.entry("/etc/b.txt", "b1"));
    assertThat(view.get("/etc/a.txt").orElseThrow().layer()).isEqualTo(second);
    assertThat(view.get("/etc/b.txt").orElseThrow().layer()).isEqualTo(first);
  }

  @Test
  void whiteoutRemovesFileAndDirectoryFromLowerLayers() throws IOException {
    apply(
        "one",
        file("etc/a.txt", "a"),
        file("opt/app/x.txt", "x"),
        file("opt/app/sub/y.txt", "y"),
        file("opt/keep.txt", "k"));
    apply("two", whiteout("etc/a.txt"), whiteout("opt/app"));

    assertThat(contents()).containsOnlyKeys("/opt/keep.txt");
  }

  @Test
  void whiteoutDoesNotAffectItsOwnLayer() throws IOException {
    apply("one", file("etc/a.txt", "old"));
    // Whiteout listed after the new file in the same layer: the new file must survive.
    apply("two", file("etc/a.txt", "new"), whiteout("etc/a.txt"));

    assertThat(contents()).containsExactly(Map.entry("/etc/a.txt", "new"));
  }

  @Test
  void opaqueDirectoryHidesLowerContentButKeepsItsOwn() throws IOException {
    apply(
        "one",
        file("app/old.txt", "old"),
        file("app/deep/old2.txt", "old2"),
        file("other.txt", "o"));
    apply("two", opaque("app"), file("app/new.txt", "new"));

    assertThat(contents()).containsOnlyKeys("/app/new.txt", "/other.txt");
  }

  @Test
  void fileReplacingDirectoryHidesItsContents() throws IOException {
    apply("one", file("data/x.txt", "x"));
    apply("two", file("data", "now a file"));

    assertThat(contents()).isEmpty();
  }

  @Test
  void symlinkAtWantedPathHidesLowerFileAndIsNeverFollowed() throws IOException {
    apply("one", file("etc/secret.txt", "s"), file("etc/a.txt", "a"));
    apply(
        "two",
        symlink("etc/a.txt", "/etc/secret.txt"),
        symlink("etc/link.txt", "../../../../etc/shadow"));

    assertThat(contents()).containsOnlyKeys("/etc/secret.txt");
    assertThat(view.get("/etc/link.txt")).isEmpty();
  }

  @Test
  void hardlinkIsNotReadAsContent() throws IOException {
    apply("one", file("a.txt", "a"), hardlink("b.txt", "a.txt"));

    assertThat(contents()).containsOnlyKeys("/a.txt");
  }

  @Test
  void traversalAndAbsoluteNamesStayInsideTheImageRoot() throws IOException {
    apply(
        "evil",
        file("../../escape.txt", "escaped"),
        file("etc/../../../x.txt", "escaped2"),
        file("/abs/abs.txt", "abs"),
        file("a/b/../c.txt", "c"));

    assertThat(contents()).containsOnlyKeys("/abs/abs.txt", "/a/c.txt");
    assertThat(notes.list())
        .anySatisfy(n -> assertThat(n).contains("escaping the root").contains("escape.txt"));
  }

  @Test
  void oversizedWantedFileIsSkippedWithANote() throws IOException {
    apply("big", file("big.txt", "x".repeat(101)), file("small.txt", "ok"));

    assertThat(contents()).containsOnlyKeys("/small.txt");
    assertThat(notes.list())
        .anySatisfy(n -> assertThat(n).contains("/big.txt").contains("limit 100"));
  }
}
