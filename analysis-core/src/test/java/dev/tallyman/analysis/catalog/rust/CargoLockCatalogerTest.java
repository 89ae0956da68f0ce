package dev.tallyman.analysis.catalog.rust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** testdata/Cargo.lock was written by cargo; v1/Cargo.lock is the same graph in v1 (README). */
class CargoLockCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY . .");

  private final CargoLockCataloger cataloger = new CargoLockCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cargo.lock", "v1/Cargo.lock"})
  void registryPackagesOfARealLockfile(String rel) throws IOException {
    byte[] lock;
    try (InputStream in = getClass().getResourceAsStream("testdata/" + rel)) {
      lock = in.readAllBytes();
    }
    String path = "/src/ws/Cargo.lock";
    assertThat(cataloger.request().wants(path)).isTrue();

    List<Package> found = catalog(path, lock);

    // app and helper are the workspace's own crates (no source).
    assertThat(found)
        .extracting(Package::ecosystem, Package::name, Package::version, Package::purl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "crates.io", "itoa", "1.0.9", "pkg:cargo/itoa@1.0.9"),
            org.assertj.core.groups.Tuple.tuple(
                "crates.io", "smallvec", "1.6.0", "pkg:cargo/smallvec@1.6.0"));
    assertThat(found).allMatch(p -> p.path().equals(path) && p.layer().equals(LAYER));
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void gitSourcesAreKept() throws IOException {
    String lock =
        """
        version = 3
        [[package]]
        name = "fork"
        version = "0.2.0"
        source = "git+https://example.com/fork.git?rev=abc#abcdef"
        """;
    assertThat(catalog("/Cargo.lock", lock.getBytes(StandardCharsets.UTF_8)))
        .extracting(Package::purl)
        .containsExactly("pkg:cargo/fork@0.2.0");
  }

  @Test
  void malformedLockfilesAreNotedNotFatal() throws IOException {
    assertThat(catalog("/a/Cargo.lock", "[[package]\nname = ".getBytes())).isEmpty();
    assertThat(catalog("/b/Cargo.lock", "package = 3".getBytes())).isEmpty();
    assertThat(catalog("/c/Cargo.lock", "\0\1\2".getBytes())).isEmpty();
    // Wrong value types yield no package and no failure.
    assertThat(catalog("/d/Cargo.lock", "[[package]]\nname = 1\nversion = [1]\n".getBytes()))
        .isEmpty();
    assertThat(notes.list()).hasSize(3);
  }
}
