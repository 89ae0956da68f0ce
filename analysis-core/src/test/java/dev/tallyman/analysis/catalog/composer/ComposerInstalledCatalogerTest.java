package dev.tallyman.analysis.catalog.composer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComposerInstalledCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "RUN composer");
  private static final String PATH = "/var/www/html/vendor/composer/installed.json";

  private final ComposerInstalledCataloger cataloger = new ComposerInstalledCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  private byte[] resource(String version) throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("testdata/" + version + "/vendor/composer/installed.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void composer2Layout() throws IOException {
    assertThat(cataloger.request().wants(PATH)).isTrue();
    List<Package> found = catalog(PATH, resource("v2"));

    assertThat(found)
        .extracting(Package::name, Package::version, Package::purl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "monolog/monolog", "3.5.0", "pkg:composer/monolog/monolog@3.5.0"),
            org.assertj.core.groups.Tuple.tuple("psr/log", "3.0.0", "pkg:composer/psr/log@3.0.0"),
            org.assertj.core.groups.Tuple.tuple(
                "symfony/console", "v6.4.1", "pkg:composer/symfony/console@v6.4.1"),
            org.assertj.core.groups.Tuple.tuple(
                "phpunit/phpunit", "10.5.2", "pkg:composer/phpunit/phpunit@10.5.2"));
    assertThat(found)
        .allMatch(
            p -> p.ecosystem().equals("Packagist") && p.path().equals(PATH) && p.layer() == LAYER);
  }

  @Test
  void composer1Layout() throws IOException {
    assertThat(catalog(PATH, resource("v1")))
        .extracting(Package::purl)
        .containsExactly("pkg:composer/monolog/monolog@1.27.1", "pkg:composer/psr/log@1.1.4");
  }

  @Test
  void onlyComposersOwnFile() {
    assertThat(cataloger.request().wants("/app/composer.json")).isFalse();
    assertThat(cataloger.request().wants("/app/vendor/composer/installed.json")).isTrue();
    assertThat(cataloger.request().wants("/app/vendor/x/composer/installed.json")).isFalse();
    assertThat(cataloger.request().wants("/app/installed.json")).isFalse();
  }

  @Test
  void malformedFilesAreNotedNotFatal() throws IOException {
    assertThat(catalog(PATH, "[{\"name\":\"a/b\",\"version\":\"1\"}".getBytes())).isEmpty();
    assertThat(catalog(PATH, "\"x\"".getBytes())).isEmpty();
    assertThat(catalog(PATH, "{\"packages\":[".getBytes())).isEmpty();
    assertThat(notes.list()).hasSize(3);
    assertThat(
            catalog(
                PATH,
                "[1,{\"name\":\"nonamespace\",\"version\":\"1\"},{\"name\":\"a/b\"},{\"name\":\"c/d\",\"version\":\"2.0\"}]"
                    .getBytes()))
        .extracting(Package::purl)
        .containsExactly("pkg:composer/c/d@2.0");
  }
}
