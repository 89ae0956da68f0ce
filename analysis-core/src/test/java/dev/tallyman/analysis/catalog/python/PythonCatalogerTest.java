package dev.tallyman.analysis.catalog.python;

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

/** testdata/dist-packages holds metadata files copied from a Debian 12 machine (see README). */
class PythonCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "RUN pip");
  private static final String SITE = "/usr/lib/python3/dist-packages/";

  private final PythonCataloger cataloger = new PythonCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String relative) throws IOException {
    InputStream in = getClass().getResourceAsStream("testdata/dist-packages/" + relative);
    return cataloger.catalog(new ImageFile(SITE + relative, 1, in, LAYER, notes));
  }

  @Test
  void wantsMetadataFilesOnly() {
    assertThat(PythonCataloger.isMetadata(SITE + "PyYAML-6.0.dist-info/METADATA")).isTrue();
    assertThat(PythonCataloger.isMetadata(SITE + "x-1.egg-info/PKG-INFO")).isTrue();
    assertThat(PythonCataloger.isMetadata(SITE + "rpm-4.18.0.egg-info")).isTrue();
    assertThat(PythonCataloger.isMetadata(SITE + "PyYAML-6.0.dist-info/RECORD")).isFalse();
    assertThat(PythonCataloger.isMetadata(SITE + "yaml/METADATA")).isFalse();
    assertThat(PythonCataloger.isMetadata("/src/pkg/PKG-INFO")).isFalse();
  }

  @Test
  void wheelMetadata() throws IOException {
    List<Package> packages = catalog("PyYAML-6.0.dist-info/METADATA");
    assertThat(packages).hasSize(1);
    Package p = packages.get(0);
    assertThat(p.ecosystem()).isEqualTo("PyPI");
    assertThat(p.name()).isEqualTo("pyyaml");
    assertThat(p.version()).isEqualTo("6.0");
    assertThat(p.purl()).isEqualTo("pkg:pypi/pyyaml@6.0");
    assertThat(p.path()).isEqualTo(SITE + "PyYAML-6.0.dist-info/METADATA");
    assertThat(p.layer()).isEqualTo(LAYER);
  }

  @Test
  void eggInfoDirectoryAndFile() throws IOException {
    assertThat(catalog("lazr.restfulclient-0.14.5.egg-info/PKG-INFO"))
        .extracting(Package::purl)
        .containsExactly("pkg:pypi/lazr-restfulclient@0.14.5");
    assertThat(catalog("rpm-4.18.0.egg-info"))
        .extracting(Package::purl)
        .containsExactly("pkg:pypi/rpm@4.18.0");
  }

  @Test
  void pep503Normalization() {
    assertThat(PythonCataloger.normalize("Zope.Interface")).isEqualTo("zope-interface");
    assertThat(PythonCataloger.normalize("typing_extensions")).isEqualTo("typing-extensions");
    assertThat(PythonCataloger.normalize("a-_.b__c")).isEqualTo("a-b-c");
  }

  @Test
  void onlyTheHeaderBlockCounts() throws IOException {
    // A "Version:" line in the description body must not be taken for the header.
    String text = "Metadata-Version: 2.1\nName: demo\n\nVersion: 9.9\n";
    List<Package> packages =
        cataloger.catalog(
            new ImageFile(
                SITE + "demo-1.dist-info/METADATA",
                text.length(),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                LAYER,
                notes));
    assertThat(packages).isEmpty();
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("no Name or Version"));
  }

  @Test
  void endlessHeaderIsCappedAndNoted() throws IOException {
    byte[] huge =
        ("X-Junk: " + "j".repeat(3 * 1024 * 1024) + "\n").getBytes(StandardCharsets.UTF_8);
    List<Package> packages =
        cataloger.catalog(
            new ImageFile(
                SITE + "big-1.dist-info/METADATA",
                huge.length,
                new ByteArrayInputStream(huge),
                LAYER,
                notes));
    assertThat(packages).isEmpty();
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("exceeds the limit"));
  }
}
