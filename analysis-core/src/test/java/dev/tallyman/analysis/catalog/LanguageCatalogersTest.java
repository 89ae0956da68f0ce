package dev.tallyman.analysis.catalog;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static dev.tallyman.analysis.testing.TestArchives.Entry.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.reuse.MemoryLayerCache;
import dev.tallyman.analysis.sbom.CycloneDxWriter;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.sbom.SbomSchemas;
import dev.tallyman.analysis.sbom.SpdxWriter;
import dev.tallyman.analysis.source.ImageSource;
import dev.tallyman.analysis.source.ImageSources;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default catalogers over one image holding every language ecosystem's real test data: each
 * file is found through the layer reader, the npm lockfile beside an installed tree yields to it, a
 * whited-out binary disappears, and the layer cache and SBOM writers need nothing per ecosystem.
 */
class LanguageCatalogersTest {
  private static final String DATA = "/dev/tallyman/analysis/catalog/";

  @TempDir Path tmp;

  private static byte[] data(String rel) throws IOException {
    try (InputStream in = LanguageCatalogersTest.class.getResourceAsStream(DATA + rel)) {
      return in.readAllBytes();
    }
  }

  private TestImage image() throws IOException {
    byte[] apps =
        TestArchives.tar(
            file("usr/local/bin/hello", data("golang/testdata/hello")),
            file("usr/local/bin/app", data("rust/testdata/auditable/app")),
            file("usr/local/bin/run.sh", "#!/bin/sh\nexec hello\n"),
            file("srv/app/package-lock.json", data("npm/testdata/lock-v3/package-lock.json")),
            file(
                "srv/app/node_modules/left-pad/package.json",
                data("npm/testdata/app/node_modules/left-pad/package.json")),
            file("srv/other/npm-shrinkwrap.json", data("npm/testdata/lock-v1/package-lock.json")),
            file("src/ws/Cargo.lock", data("rust/testdata/Cargo.lock")),
            file("app/Tallyman.Demo.deps.json", data("dotnet/testdata/Tallyman.Demo.deps.json")),
            file(
                "usr/local/bundle/specifications/rake-13.0.6.gemspec",
                data("ruby/testdata/specifications/rake-13.0.6.gemspec")),
            file(
                "var/www/vendor/composer/installed.json",
                data("composer/testdata/v1/vendor/composer/installed.json")));
    byte[] cleanup = TestArchives.tar(whiteout("usr/local/bin/app"));
    return new TestImage("amd64", List.of(apps, cleanup), List.of("COPY . /", "RUN rm app"));
  }

  private List<Sbom> analyze(Path layout, MemoryLayerCache cache) throws IOException {
    try (ImageSource source =
        ImageSources.open("oci-dir:" + layout, new RegistryClient(), LayerLimits.DEFAULT)) {
      return new Analyzer(Catalogers.defaults(), LayerLimits.DEFAULT, cache).analyze(source);
    }
  }

  @Test
  void everyEcosystemThroughTheAnalyzer() throws IOException {
    Path layout = image().writeOciLayout(tmp.resolve("layout"));
    MemoryLayerCache cache = new MemoryLayerCache(100, 64 << 20);

    Sbom sbom = analyze(layout, cache).get(0);

    assertThat(sbom.packages())
        .extracting(p -> p.ecosystem() + " " + p.purl() + " " + p.path())
        .containsExactlyInAnyOrder(
            "Go pkg:golang/example.com/tallyman/hello@%28devel%29 /usr/local/bin/hello",
            "Go pkg:golang/example.com/tallyman/greet-fork@v1.2.4 /usr/local/bin/hello",
            "Go pkg:golang/golang.org/x/mod@v0.7.0 /usr/local/bin/hello",
            "Go pkg:golang/stdlib@1.19.8 /usr/local/bin/hello",
            "npm pkg:npm/left-pad@1.3.0 /srv/app/node_modules/left-pad/package.json",
            "npm pkg:npm/%40types/node@20.11.0 /srv/other/npm-shrinkwrap.json",
            "npm pkg:npm/is-number@7.0.0 /srv/other/npm-shrinkwrap.json",
            "npm pkg:npm/left-pad@1.3.0 /srv/other/npm-shrinkwrap.json",
            "npm pkg:npm/ms@2.0.0 /srv/other/npm-shrinkwrap.json",
            "npm pkg:npm/undici-types@5.26.5 /srv/other/npm-shrinkwrap.json",
            "crates.io pkg:cargo/itoa@1.0.9 /src/ws/Cargo.lock",
            "crates.io pkg:cargo/smallvec@1.6.0 /src/ws/Cargo.lock",
            "NuGet pkg:nuget/Newtonsoft.Json@13.0.1 /app/Tallyman.Demo.deps.json",
            "NuGet pkg:nuget/Serilog@3.1.1 /app/Tallyman.Demo.deps.json",
            "NuGet pkg:nuget/Serilog.Sinks.Console@5.0.1 /app/Tallyman.Demo.deps.json",
            "RubyGems pkg:gem/rake@13.0.6 /usr/local/bundle/specifications/rake-13.0.6.gemspec",
            "Packagist pkg:composer/monolog/monolog@1.27.1 /var/www/vendor/composer/installed.json",
            "Packagist pkg:composer/psr/log@1.1.4 /var/www/vendor/composer/installed.json");
    assertThat(sbom.notes()).isEmpty();

    // A warm cache replays the same result without reading a layer.
    assertThat(analyze(layout, cache)).containsExactly(sbom);

    ObjectMapper json = new ObjectMapper();
    assertThat(SbomSchemas.cycloneDx16(json.valueToTree(new CycloneDxWriter("t").toJson(sbom))))
        .isEmpty();
    assertThat(SbomSchemas.spdx23(json.valueToTree(new SpdxWriter("t").toJson(sbom)))).isEmpty();
  }
}
