package dev.tallyman.analysis.catalog.dotnet;

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

class DotnetDepsCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "COPY out /app");

  private final DotnetDepsCataloger cataloger = new DotnetDepsCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(String path, byte[] content) throws IOException {
    return cataloger.catalog(
        new ImageFile(path, content.length, new ByteArrayInputStream(content), LAYER, notes));
  }

  @Test
  void nugetPackagesOnlyNotProjects() throws IOException {
    byte[] deps;
    try (InputStream in = getClass().getResourceAsStream("testdata/Tallyman.Demo.deps.json")) {
      deps = in.readAllBytes();
    }
    String path = "/app/Tallyman.Demo.deps.json";
    assertThat(cataloger.request().wants(path)).isTrue();

    List<Package> found = catalog(path, deps);

    assertThat(found)
        .extracting(Package::ecosystem, Package::name, Package::version, Package::purl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "NuGet", "Newtonsoft.Json", "13.0.1", "pkg:nuget/Newtonsoft.Json@13.0.1"),
            org.assertj.core.groups.Tuple.tuple(
                "NuGet", "Serilog", "3.1.1", "pkg:nuget/Serilog@3.1.1"),
            org.assertj.core.groups.Tuple.tuple(
                "NuGet",
                "Serilog.Sinks.Console",
                "5.0.1",
                "pkg:nuget/Serilog.Sinks.Console@5.0.1"));
    assertThat(found).allMatch(p -> p.path().equals(path) && p.layer().equals(LAYER));
  }

  @Test
  void onlyDepsFiles() {
    assertThat(cataloger.request().wants("/app/App.runtimeconfig.json")).isFalse();
    assertThat(cataloger.request().wants("/usr/share/dotnet/shared/x/8.0.0/x.deps.json")).isTrue();
  }

  @Test
  void malformedFilesAreNotedNotFatal() throws IOException {
    assertThat(catalog("/a.deps.json", "{\"libraries\":{\"A/1\":".getBytes())).isEmpty();
    assertThat(catalog("/b.deps.json", "[]".getBytes())).isEmpty();
    assertThat(catalog("/c.deps.json", ("{\"x\":" + "[".repeat(1000)).getBytes())).isEmpty();
    assertThat(notes.list()).hasSize(3);
    // Odd but well-formed entries are skipped quietly.
    String odd =
        "{\"libraries\":{\"NoVersion\":{\"type\":\"package\"},\"A/\":{\"type\":\"package\"},"
            + "\"B/1.0\":{\"type\":7},\"C/2.0\":[1],\"D/3.0\":{\"type\":\"package\"}}}";
    assertThat(catalog("/d.deps.json", odd.getBytes()))
        .extracting(Package::purl)
        .containsExactly("pkg:nuget/D@3.0");
  }
}
