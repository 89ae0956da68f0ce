package dev.tallyman.analysis.catalog.maven;

import static dev.tallyman.analysis.testing.TestArchives.fakeClass;
import static dev.tallyman.analysis.testing.TestArchives.jar;
import static dev.tallyman.analysis.testing.TestArchives.pomProperties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MavenCatalogerTest {
  /** The cataloger under test: archives in memory, listed by their central directory. */
  MavenCataloger cataloger() {
    return new MavenCataloger();
  }

  private static final LayerInfo LAYER =
      new LayerInfo(
          "sha256:" + "c".repeat(64), "sha256:" + "d".repeat(64), "", 1, "COPY app.jar /app/");
  private final Notes notes = new Notes();

  /** How the file's bytes reach the cataloger: a plain stream. */
  InputStream content(byte[] bytes) throws IOException {
    return new ByteArrayInputStream(bytes);
  }

  private List<Package> catalog(String path, byte[] bytes) throws IOException {
    return cataloger().catalog(new ImageFile(path, bytes.length, content(bytes), LAYER, notes));
  }

  private static byte[] log4jCore() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("org/apache/logging/log4j/core/Logger.class", fakeClass("Logger"));
    entries.put(
        "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
        pomProperties("org.apache.logging.log4j", "log4j-core", "2.14.1"));
    return jar(
        Map.of("Implementation-Title", "Apache Log4j Core", "Implementation-Version", "2.14.1"),
        entries);
  }

  @Test
  void pomPropertiesWinOverManifest() throws IOException {
    List<Package> packages = catalog("/app/lib/log4j-core-2.14.1.jar", log4jCore());

    assertThat(packages)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ecosystem()).isEqualTo("Maven");
              assertThat(p.name()).isEqualTo("org.apache.logging.log4j:log4j-core");
              assertThat(p.version()).isEqualTo("2.14.1");
              assertThat(p.purl())
                  .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
              assertThat(p.path()).isEqualTo("/app/lib/log4j-core-2.14.1.jar");
              assertThat(p.layer()).isEqualTo(LAYER);
            });
  }

  // Manifests as shipped in the real jars on Maven Central (no pom.properties inside).
  @Test
  void manifestOnlyJarsTakeTheArtifactIdFromAMatchingFileName() throws IOException {
    byte[] protobuf =
        jar(
            Map.of(
                "Bundle-SymbolicName", "com.google.protobuf",
                "Bundle-Version", "3.25.8",
                "Automatic-Module-Name", "com.google.protobuf"),
            Map.of("com/google/protobuf/Message.class", fakeClass("Message")));
    byte[] scalaLibrary =
        jar(
            Map.of(
                "Bundle-SymbolicName", "org.scala-lang.scala-library",
                "Bundle-Version", "2.13.18.v20251115-142856-VFINAL-98f40d0"),
            Map.of("scala/Option.class", fakeClass("Option")));
    byte[] scalaLogging =
        jar(
            Map.of(
                "Bundle-SymbolicName", "com.typesafe.scala-logging",
                "Implementation-Title", "scala-logging",
                "Implementation-Vendor-Id", "com.typesafe.scala-logging",
                "Implementation-Version", "3.9.6"),
            Map.of("com/typesafe/scalalogging/Logger.class", fakeClass("Logger")));
    byte[] caffeine =
        jar(
            Map.of(
                "Bundle-SymbolicName", "com.github.ben-manes.caffeine",
                "Bundle-Version", "3.2.0",
                "Implementation-Title", "A high performance caching library",
                "Implementation-Version", "3.2.0"),
            Map.of("com/github/benmanes/caffeine/cache/Cache.class", fakeClass("Cache")));

    assertThat(catalog("/opt/app/lib/protobuf-java-3.25.8.jar", protobuf))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/com.google.protobuf/protobuf-java@3.25.8");
    assertThat(catalog("/opt/app/lib/scala-library-2.13.18.jar", scalaLibrary))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/org.scala-lang/scala-library@2.13.18");
    assertThat(catalog("/opt/app/lib/scala-logging_2.13-3.9.6.jar", scalaLogging))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/com.typesafe.scala-logging/scala-logging_2.13@3.9.6");
    assertThat(catalog("/opt/app/lib/caffeine-3.2.0.jar", caffeine))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/com.github.ben-manes/caffeine@3.2.0");
    byte[] micrometer =
        jar(
            Map.of(
                "Bundle-SymbolicName", "micrometer-core",
                "Bundle-Version", "1.15.4",
                "Implementation-Title", "io.micrometer#micrometer-core;1.15.4",
                "Implementation-Version", "1.15.4"),
            Map.of("io/micrometer/core/Meter.class", fakeClass("Meter")));
    byte[] lz4 =
        jar(
            Map.of("Bundle-SymbolicName", "lz4-java", "Bundle-Version", "1.8.0"),
            Map.of("net/jpountz/lz4/LZ4.class", fakeClass("LZ4")));
    assertThat(catalog("/opt/app/lib/micrometer-core-1.15.4.jar", micrometer))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/io.micrometer/micrometer-core@1.15.4");
    // No groupId anywhere (org.lz4 is only in the POM): no made-up coordinates.
    assertThat(catalog("/opt/app/lib/lz4-java-1.8.0.jar", lz4))
        .extracting(Package::purl)
        .doesNotContain("pkg:maven/lz4-java/lz4-java@1.8.0");
    // A renamed file says nothing: the manifest alone decides.
    assertThat(catalog("/opt/app/app.jar", protobuf))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/com.google/protobuf@3.25.8");
    // A file name whose version disagrees with the manifest is not trusted either.
    assertThat(catalog("/opt/app/lib/protobuf-java-9.9.9.jar", protobuf))
        .extracting(Package::purl)
        .containsExactly("pkg:maven/com.google/protobuf@3.25.8");
  }

  @Test
  void jenkinsPluginsAreJavaArchivesWithNestedLibraries() throws IOException {
    Map<String, byte[]> plugin = new LinkedHashMap<>();
    plugin.put(
        "META-INF/maven/org.jenkins-ci.plugins/git/pom.properties",
        pomProperties("org.jenkins-ci.plugins", "git", "5.2.1"));
    plugin.put("WEB-INF/lib/log4j-core-2.14.1.jar", log4jCore());
    byte[] hpi = jar(Map.of(), plugin);

    for (String path :
        List.of("/var/jenkins_home/plugins/git.hpi", "/usr/share/jenkins/ref/plugins/git.jpi")) {
      assertThat(new MavenCataloger().request().wants(path)).isTrue();
      assertThat(catalog(path, hpi))
          .extracting(Package::purl)
          .containsExactlyInAnyOrder(
              "pkg:maven/org.jenkins-ci.plugins/git@5.2.1",
              "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    }
  }

  @Test
  void shadedJarYieldsEveryPomProperties() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "META-INF/maven/com.example/app/pom.properties",
        pomProperties("com.example", "app", "1.0.0"));
    entries.put(
        "META-INF/maven/com.google.guava/guava/pom.properties",
        pomProperties("com.google.guava", "guava", "31.1-jre"));
    assertThat(catalog("/app.jar", jar(Map.of(), entries)))
        .extracting(Package::purl)
        .containsExactlyInAnyOrder(
            "pkg:maven/com.example/app@1.0.0", "pkg:maven/com.google.guava/guava@31.1-jre");
  }

  @Test
  void nestedJarsInSpringBootLayout() throws IOException {
    Map<String, byte[]> outer = new LinkedHashMap<>();
    outer.put(
        "META-INF/maven/com.example/boot-app/pom.properties",
        pomProperties("com.example", "boot-app", "0.1.0"));
    outer.put("BOOT-INF/lib/log4j-core-2.14.1.jar", log4jCore());
    List<Package> packages = catalog("/srv/boot-app.jar", jar(Map.of(), outer));

    assertThat(packages)
        .extracting(Package::purl)
        .containsExactlyInAnyOrder(
            "pkg:maven/com.example/boot-app@0.1.0",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(packages)
        .filteredOn(p -> p.name().endsWith("log4j-core"))
        .extracting(Package::path)
        .containsExactly("/srv/boot-app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
  }

  @Test
  void manifestFallbackWhenNoPomProperties() throws IOException {
    byte[] bundle =
        jar(
            Map.of(
                "Bundle-SymbolicName",
                "org.example.widgets;singleton:=true",
                "Bundle-Version",
                "3.2.1"),
            Map.of("x/A.class", fakeClass("A")));
    assertThat(catalog("/opt/widgets.jar", bundle))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.name()).isEqualTo("org.example:widgets");
              assertThat(p.version()).isEqualTo("3.2.1");
              assertThat(p.purl()).isEqualTo("pkg:maven/org.example/widgets@3.2.1");
            });
  }

  @Test
  void deeplyNestedJarsStopAtTheDepthLimit() throws IOException {
    byte[] inner = log4jCore();
    for (int i = 0; i < 4; i++) {
      inner = jar(Map.of(), Map.of("lib/level" + i + ".jar", inner));
    }
    assertThat(catalog("/deep.jar", inner)).isEmpty();
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("nested deeper than"));
  }

  @Test
  void corruptJarIsANoteNotAFailure() throws IOException {
    byte[] jar = log4jCore();
    byte[] truncated = java.util.Arrays.copyOf(jar, jar.length / 2);
    assertThat(catalog("/broken.jar", truncated)).isEmpty();
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("/broken.jar"));
  }
}
