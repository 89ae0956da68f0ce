package dev.tallyman.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.cli.TallymanCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tallyman scan} on a real directory image: Debian 12 dpkg database excerpt and a log4j-core
 * 2.14.1 jar, matched against the real GHSA records and a Debian fixture.
 */
class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Path rootfs;
  static Path ghsa;
  static Path debian;
  final StringWriter err = new StringWriter();

  @BeforeAll
  static void image() throws IOException {
    rootfs = tmp.resolve("rootfs");
    write(
        rootfs.resolve("etc/os-release"),
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
            + "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n");
    write(
        rootfs.resolve("var/lib/dpkg/status"),
        """
        Package: libssl3
        Status: install ok installed
        Priority: optional
        Section: libs
        Installed-Size: 6180
        Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
        Architecture: amd64
        Multi-Arch: same
        Source: openssl
        Version: 3.0.11-1~deb12u2
        Description: Secure Sockets Layer toolkit - shared libraries

        Package: base-files
        Essential: yes
        Status: install ok installed
        Priority: required
        Section: admin
        Architecture: amd64
        Version: 12.4+deb12u5
        Description: Debian base system miscellaneous files

        """);
    Path jar = rootfs.resolve("opt/app/lib/log4j-core-2.14.1.jar");
    Files.createDirectories(jar.getParent());
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(
          new ZipEntry("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties"));
      z.write(
          "groupId=org.apache.logging.log4j\nartifactId=log4j-core\nversion=2.14.1\n"
              .getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    ghsa = dev.tallyman.deploy.SharedData.advisories().resolve("osv/ghsa");
    debian = tmp.resolve("debian");
    write(
        debian.resolve("TEST-DSA-OPENSSL.json"),
        """
        {"id": "TEST-DSA-OPENSSL", "modified": "2026-11-28T00:00:00Z",
         "summary": "fixture: openssl fixed in 3.0.13-1~deb12u1", "aliases": ["CVE-2024-0727"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]}]}]}
        """);
  }

  @Test
  void jsonListsTheLog4jAndTheSourcePackageFindings() throws IOException {
    Path out = tmp.resolve("scan.json");
    int code =
        run(
            "--format",
            "json",
            "--output",
            out.toString(),
            "--kev",
            kev().toString(),
            "--advisories",
            ghsa.toString(),
            debian.toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode doc = JSON.readTree(out.toFile());
    List<String> found = new ArrayList<>();
    doc.path("findings")
        .forEach(
            f ->
                found.add(
                    f.at("/vulnerability/id").asText() + " " + f.at("/package/name").asText()));
    assertThat(found)
        .contains("CVE-2021-44228 org.apache.logging.log4j:log4j-core", "CVE-2024-0727 libssl3");
    assertThat(found).noneMatch(s -> s.endsWith("base-files"));
    // merged view: the CVE is the id, the GHSA an alias; KEV from the --kev catalog
    JsonNode log4shell = find(doc, "CVE-2021-44228");
    assertThat(log4shell.at("/vulnerability/aliases").toString()).contains("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4shell.at("/vulnerability/kev").asBoolean()).isTrue();
    assertThat(log4shell.at("/vulnerability/kev_date_added").asText()).isEqualTo("2021-12-10");
    assertThat(log4shell.at("/vulnerability/cwes").toString()).contains("CWE-502");
    assertThat(log4shell.at("/vulnerability/sources").toString()).contains("ghsa");
    assertThat(find(doc, "CVE-2024-0727").at("/vulnerability/kev").asBoolean()).isFalse();
    assertThat(log4shell.at("/vulnerability/severity").asText()).isEqualTo("critical");
    assertThat(log4shell.at("/fixed_version").asText()).isEqualTo("2.15.0");
    assertThat(log4shell.at("/package/purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(find(doc, "CVE-2024-0727").at("/fixed_version").asText())
        .isEqualTo("3.0.13-1~deb12u1");
    // critical first
    assertThat(doc.at("/findings/0/vulnerability/severity").asText()).isEqualTo("critical");
  }

  @Test
  void sarifHasARulePerVulnerabilityAndAResultPerPackage() throws IOException {
    Path out = tmp.resolve("scan.sarif");
    assertThat(
            run("--format", "sarif", "--output", out.toString(), "--advisories", ghsa.toString()))
        .isZero();
    JsonNode sarif = JSON.readTree(out.toFile());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.at("/runs/0");
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("tallyman");
    Set<String> rules = new HashSet<>();
    run.at("/tool/driver/rules").forEach(r -> rules.add(r.path("id").asText()));
    JsonNode result = null;
    for (JsonNode r : run.path("results")) {
      assertThat(rules).contains(r.path("ruleId").asText());
      assertThat(run.at("/tool/driver/rules/" + r.path("ruleIndex").asInt() + "/id").asText())
          .isEqualTo(r.path("ruleId").asText());
      if (r.path("ruleId").asText().equals("CVE-2021-44228")) {
        result = r;
      }
    }
    assertThat(result).isNotNull();
    assertThat(result.path("level").asText()).isEqualTo("error");
    assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .contains("log4j-core-2.14.1.jar");
    assertThat(result.at("/message/text").asText()).contains("fixed in 2.15.0");
  }

  @Test
  void cyclonedxVulnerabilitiesReferenceComponentsByBomRef() throws IOException {
    Path out = tmp.resolve("scan.cdx.json");
    assertThat(
            run(
                "--format",
                "cyclonedx-json",
                "--output",
                out.toString(),
                "--advisories",
                ghsa.toString(),
                debian.toString()))
        .isZero();
    JsonNode bom = JSON.readTree(out.toFile());
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    Set<String> refs = new HashSet<>();
    bom.path("components").forEach(c -> refs.add(c.path("bom-ref").asText()));
    assertThat(bom.path("vulnerabilities").size()).isGreaterThanOrEqualTo(2);
    for (JsonNode v : bom.path("vulnerabilities")) {
      assertThat(v.path("affects").size()).isPositive();
      v.path("affects").forEach(a -> assertThat(refs).contains(a.path("ref").asText()));
    }
    JsonNode log4shell = null;
    for (JsonNode v : bom.path("vulnerabilities")) {
      if (v.path("id").asText().equals("CVE-2021-44228")) {
        log4shell = v;
      }
    }
    assertThat(log4shell).isNotNull();
    assertThat(log4shell.at("/ratings/0/severity").asText()).isEqualTo("critical");
    assertThat(log4shell.path("references").toString()).contains("GHSA-jfh8-c2jp-5v3q");
    assertThat(log4shell.path("cwes").toString()).contains("502");
  }

  @Test
  void failOnGatesOnSeverity() {
    // log4shell is critical: the gate fails
    assertThat(
            run(
                "--fail-on",
                "critical",
                "--output",
                tmp.resolve("a.txt").toString(),
                "--advisories",
                ghsa.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--fail-on");
    // the Debian fixture has no severity (unknown): below high, the gate passes
    assertThat(
            run(
                "--fail-on",
                "high",
                "--output",
                tmp.resolve("b.txt").toString(),
                "--advisories",
                debian.toString()))
        .isZero();
  }

  @Test
  void tableIsTheDefault() throws IOException {
    Path out = tmp.resolve("scan.txt");
    assertThat(
            run(
                "--output",
                out.toString(),
                "--kev",
                kev().toString(),
                "--advisories",
                ghsa.toString()))
        .isZero();
    String table = Files.readString(out);
    assertThat(table.lines().findFirst().orElseThrow()).startsWith("VULNERABILITY").contains("KEV");
    String log4shell =
        table.lines().filter(l -> l.startsWith("CVE-2021-44228 ")).findFirst().orElseThrow();
    assertThat(log4shell.split("\\s+")).containsSubsequence("CVE-2021-44228", "critical", "yes");
    assertThat(log4shell).contains("2.15.0");
  }

  static Path kev() {
    return dev.tallyman.deploy.SharedData.advisories()
        .resolve("kev/known_exploited_vulnerabilities.json");
  }

  @Test
  void badInputIsAnErrorWithAReason() {
    assertThat(run("--advisories", tmp.resolve("does-not-exist").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("does-not-exist");
    assertThat(run("--format", "xml", "--advisories", ghsa.toString())).isEqualTo(2);
    assertThat(run("--fail-on", "apocalyptic", "--advisories", ghsa.toString())).isEqualTo(2);
    assertThat(run("--kev", tmp.resolve("no-kev.json").toString(), "--advisories", ghsa.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no-kev.json");
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("scan", "dir:" + rootfs));
    all.addAll(List.of(args));
    return TallymanCommand.commandLine()
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  private static JsonNode find(JsonNode doc, String id) {
    for (JsonNode f : doc.path("findings")) {
      if (f.at("/vulnerability/id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no finding " + id + " in " + doc);
  }

  private static void write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    try (OutputStream o = Files.newOutputStream(p)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
