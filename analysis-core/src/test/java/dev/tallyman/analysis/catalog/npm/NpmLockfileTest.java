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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** testdata/lock-v{1,2,3} were written by npm 11 from the same package.json (see README). */
class NpmLockfileTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY . .");

  private final NpmCataloger cataloger = new NpmCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  private byte[] resource(String rel) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("testdata/" + rel)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void everyLockfileVersionYieldsTheSameProductionPackages(int version) throws IOException {
    String path = "/srv/app/package-lock.json";
    assertThat(cataloger.request().wants(path)).isTrue();

    List<Package> found = catalog(path, resource("lock-v" + version + "/package-lock.json"));

    // ms@2.1.3 is a devDependency: left out. old-ms is an alias of ms@2.0.0.
    assertThat(found)
        .extracting(Package::purl)
        .containsExactlyInAnyOrder(
            "pkg:npm/%40types/node@20.11.0",
            "pkg:npm/is-number@7.0.0",
            "pkg:npm/left-pad@1.3.0",
            "pkg:npm/ms@2.0.0",
            "pkg:npm/undici-types@5.26.5");
    assertThat(found)
        .allSatisfy(
            p -> {
              assertThat(p.ecosystem()).isEqualTo("npm");
              assertThat(p.path()).isEqualTo(path);
              assertThat(p.layer()).isEqualTo(LAYER);
            });
    assertThat(found).extracting(Package::name).contains("@types/node").doesNotContain("old-ms");
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void lockfilesInsideInstalledPackagesAreNotRead() {
    assertThat(cataloger.request().wants("/app/npm-shrinkwrap.json")).isTrue();
    assertThat(cataloger.request().wants("/app/node_modules/x/npm-shrinkwrap.json")).isFalse();
    assertThat(cataloger.request().wants("/app/node_modules/.package-lock.json")).isFalse();
    assertThat(cataloger.request().wants("/app/yarn.lock")).isFalse();
  }

  @Test
  void installedTreeWinsOverTheLockfileBesideIt() throws IOException {
    List<Package> found = new ArrayList<>();
    // /srv/app has both; /srv/other only a lockfile.
    found.addAll(catalog("/srv/app/package-lock.json", resource("lock-v3/package-lock.json")));
    found.addAll(catalog("/srv/other/package-lock.json", resource("lock-v2/package-lock.json")));
    found.addAll(
        catalog(
            "/srv/app/node_modules/left-pad/package.json",
            resource("app/node_modules/left-pad/package.json")));

    List<Package> kept = cataloger.reconcile(found);

    assertThat(kept)
        .extracting(Package::path)
        .containsOnly(
            "/srv/app/node_modules/left-pad/package.json", "/srv/other/package-lock.json");
    assertThat(kept).hasSize(1 + 5);
  }

  @Test
  void nonRegistryVersionsAreSkipped() throws IOException {
    String lock =
        """
        {"lockfileVersion":3,"packages":{
          "":{"name":"root","version":"1.0.0"},
          "node_modules/a":{"version":"1.0.0"},
          "node_modules/g":{"version":"git+ssh://git@example.com/g.git#abc"},
          "node_modules/f":{"version":"file:../f"},
          "node_modules/w":{"resolved":"packages/w","link":true},
          "node_modules/a/node_modules/b":{"version":"2.0.0-beta.1"}}}
        """;
    assertThat(catalog("/p/package-lock.json", lock.getBytes(StandardCharsets.UTF_8)))
        .extracting(Package::purl)
        .containsExactly("pkg:npm/a@1.0.0", "pkg:npm/b@2.0.0-beta.1");
  }

  @Test
  void v1NestedDependenciesAreWalked() throws IOException {
    String lock =
        """
        {"lockfileVersion":1,"dependencies":{
          "a":{"version":"1.0.0","requires":{"b":"^1"},"dependencies":{
            "b":{"version":"1.1.0","dependencies":{"c":{"version":"3.0.0"}}}}},
          "b":{"version":"2.0.0"},
          "jest":{"version":"29.0.0","dev":true,"dependencies":{"d":{"version":"1.0.0","dev":true}}}}}
        """;
    assertThat(catalog("/p/package-lock.json", lock.getBytes(StandardCharsets.UTF_8)))
        .extracting(Package::purl)
        .containsExactly(
            "pkg:npm/a@1.0.0", "pkg:npm/b@1.1.0", "pkg:npm/c@3.0.0", "pkg:npm/b@2.0.0");
  }

  @Test
  void oversizedInstalledManifestsAreNoted() throws IOException {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    assertThat(catalog("/app/node_modules/x/package.json", big)).isEmpty();
    assertThat(notes.list()).singleElement().asString().contains("limit");
  }

  @Test
  void malformedLockfilesAreNotedNotFatal() throws IOException {
    assertThat(catalog("/p/package-lock.json", "{\"packages\":{\"x\":".getBytes())).isEmpty();
    assertThat(catalog("/p/package-lock.json", "[]".getBytes())).isEmpty();
    byte[] deep = ("{\"dependencies\":" + "{\"a\":".repeat(3000)).getBytes();
    assertThat(catalog("/p/package-lock.json", deep)).isEmpty();
    assertThat(notes.list()).hasSize(3).allMatch(n -> n.contains("/p/package-lock.json"));
  }
}
