package dev.tallyman.analysis.catalog.ruby;

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

/** testdata/specifications holds gemspecs RubyGems 3.3 wrote (see README). */
class GemspecCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "RUN gem i");
  private static final String HOME = "/usr/local/bundle/";

  private final GemspecCataloger cataloger = new GemspecCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  @Test
  void realInstalledSpecifications() throws IOException {
    List<Package> found = new ArrayList<>();
    for (String rel :
        List.of(
            "specifications/rake-13.0.6.gemspec",
            "specifications/tallyman-demo-2.0.0.pre.1.gemspec",
            "specifications/default/bigdecimal-3.1.1.gemspec")) {
      assertThat(cataloger.request().wants(HOME + rel)).isTrue();
      try (InputStream in = getClass().getResourceAsStream("testdata/" + rel)) {
        found.addAll(catalog(HOME + rel, in.readAllBytes()));
      }
    }
    assertThat(found)
        .extracting(Package::ecosystem, Package::name, Package::version, Package::purl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RubyGems", "rake", "13.0.6", "pkg:gem/rake@13.0.6"),
            org.assertj.core.groups.Tuple.tuple(
                "RubyGems", "tallyman-demo", "2.0.0.pre.1", "pkg:gem/tallyman-demo@2.0.0.pre.1"),
            org.assertj.core.groups.Tuple.tuple(
                "RubyGems", "bigdecimal", "3.1.1", "pkg:gem/bigdecimal@3.1.1"));
    assertThat(found.get(2).path())
        .isEqualTo(HOME + "specifications/default/bigdecimal-3.1.1.gemspec");
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void onlyInstalledSpecifications() {
    assertThat(cataloger.request().wants("/src/app/myapp.gemspec")).isFalse();
    assertThat(cataloger.request().wants("/gems/specifications/x/y-1.gemspec")).isFalse();
    assertThat(cataloger.request().wants("/gems/specifications/y-1.gemspec.bak")).isFalse();
  }

  @Test
  void otherWritersShapes() throws IOException {
    String old =
        """
        Gem::Specification.new do |s|
          s.name = %q{rack}
          s.version = "1.4.1"
        end
        """;
    String ctor = "Gem::Specification.new('nokogiri', '1.15.4') do |s|\nend\n";
    String single =
        """
        Gem::Specification.new do |spec|
          spec.name    = 'json'
          spec.version = Gem::Version.new('2.6.3')
        end
        """;
    String stubOnly = "# stub: puma 6.4.0 ruby lib\n# Gem::Specification.new\n";
    List<Package> found = new ArrayList<>();
    for (String s : List.of(old, ctor, single, stubOnly)) {
      found.addAll(catalog(HOME + "specifications/x.gemspec", s.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(found)
        .extracting(Package::purl)
        .containsExactly(
            "pkg:gem/rack@1.4.1",
            "pkg:gem/nokogiri@1.15.4",
            "pkg:gem/json@2.6.3",
            "pkg:gem/puma@6.4.0");
  }

  @Test
  void specsWithoutNameOrVersionAreNoted() throws IOException {
    assertThat(catalog(HOME + "specifications/a.gemspec", "s.name = \"a\"\n".getBytes())).isEmpty();
    assertThat(catalog(HOME + "specifications/b.gemspec", new byte[] {0, 1, (byte) 0xff}))
        .isEmpty();
    // The name is never evaluated: an interpolated or computed value does not match.
    assertThat(
            catalog(
                HOME + "specifications/c.gemspec",
                "s.name = File.read('x')\ns.version = \"1\"\n".getBytes()))
        .isEmpty();
    assertThat(notes.list()).hasSize(3);
  }
}
