package dev.tallyman.analysis.catalog.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** testdata/app is a real npm install tree, package.json files only (see README). */
class NpmCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "RUN npm ci");
  private static final List<String> TREE =
      List.of(
          "package.json",
          "node_modules/is-number/package.json",
          "node_modules/left-pad/package.json",
          "node_modules/undici-types/package.json",
          "node_modules/@types/node/package.json");

  private final NpmCataloger cataloger = new NpmCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  @Test
  void realInstallTree() throws IOException {
    List<Package> found = new ArrayList<>();
    for (String rel : TREE) {
      String path = "/srv/app/" + rel;
      if (!cataloger.request().wants(path)) {
        continue;
      }
      try (InputStream in = getClass().getResourceAsStream("testdata/app/" + rel)) {
        found.addAll(catalog(path, in.readAllBytes()));
      }
    }

    assertThat(found)
        .extracting(Package::purl)
        .containsExactly(
            "pkg:npm/is-number@7.0.0",
            "pkg:npm/left-pad@1.3.0",
            "pkg:npm/undici-types@5.26.5",
            "pkg:npm/%40types/node@20.11.0");
    Package types = found.get(3);
    assertThat(types.name()).isEqualTo("@types/node");
    assertThat(types.ecosystem()).isEqualTo("npm");
    assertThat(types.path()).isEqualTo("/srv/app/node_modules/@types/node/package.json");
  }

  @Test
  void onlyPackageRootsUnderNodeModules() {
    assertThat(NpmCataloger.isInstalledManifest("/app/package.json")).isFalse();
    assertThat(NpmCataloger.isInstalledManifest("/app/node_modules/a/package.json")).isTrue();
    assertThat(NpmCataloger.isInstalledManifest("/node_modules/a/node_modules/b/package.json"))
        .isTrue();
    assertThat(NpmCataloger.isInstalledManifest("/app/node_modules/@s/a/package.json")).isTrue();
    assertThat(NpmCataloger.isInstalledManifest("/app/node_modules/a/lib/package.json")).isFalse();
    assertThat(NpmCataloger.isInstalledManifest("/app/node_modules/@s/package.json")).isFalse();
    assertThat(NpmCataloger.isInstalledManifest("/app/node_modules/.bin/package.json")).isFalse();
  }

  @Test
  void hostileJsonIsNotedNotFatal() throws IOException {
    String path = "/app/node_modules/x/package.json";
    byte[] deep = ("{\"a\":" + "[".repeat(5000)).getBytes(StandardCharsets.UTF_8);
    assertThat(catalog(path, deep)).isEmpty();
    assertThat(catalog(path, "not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(catalog(path, "[1,2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(notes.list()).hasSize(3);
    // name/version of the wrong type, or missing, yield no package.
    assertThat(catalog(path, "{\"name\":{\"x\":1},\"version\":\"1\"}".getBytes())).isEmpty();
    assertThat(catalog(path, "{\"name\":\"x\"}".getBytes())).isEmpty();
  }

  @Test
  void nestedFieldsDoNotShadowTopLevelOnes() throws IOException {
    byte[] json =
        "{\"repository\":{\"name\":\"evil\",\"version\":\"6.6.6\"},\"name\":\"ok\",\"version\":\"1.2.3\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(catalog("/app/node_modules/ok/package.json", json))
        .extracting(Package::purl)
        .containsExactly("pkg:npm/ok@1.2.3");
  }
}
