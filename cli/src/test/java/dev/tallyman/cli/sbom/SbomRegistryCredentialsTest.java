package dev.tallyman.cli.sbom;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.cli.TallymanCommand;
import dev.tallyman.deploy.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tallyman sbom registry:...} against the real registry with htpasswd auth. */
class SbomRegistryCredentialsTest {
  static final String USER = "cli";
  static final String PASSWORD = "cli-pa55-" + UUID.randomUUID();
  static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\n";

  @TempDir static Path dir;
  static LocalRegistry registry;

  static String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void start() throws Exception {
    registry =
        LocalRegistry.start(
            LocalRegistry.Options.in(dir.resolve("registry")).htpasswd(USER, PASSWORD));
    TestImage img =
        new TestImage(
            "amd64",
            List.of(
                TestArchives.tar(
                    file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS))),
            List.of("ADD rootfs /"));
    push("team/app", "1", img.blobs, img.manifest);
  }

  /** Monolithic blob uploads and a manifest PUT, with Basic auth. */
  static void push(String repo, String tag, Map<String, byte[]> blobs, byte[] manifest)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (var b : blobs.entrySet()) {
      HttpResponse<String> start =
          http.send(
              HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repo + "/blobs/uploads/"))
                  .header("Authorization", basic())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      URI loc =
          URI.create(registry.url()).resolve(start.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          loc + (loc.getQuery() == null ? "?" : "&") + "digest=" + b.getKey()))
                  .header("Authorization", basic())
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(b.getValue()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
    }
    HttpResponse<String> m =
        http.send(
            HttpRequest.newBuilder(URI.create(registry.url() + "/v2/" + repo + "/manifests/" + tag))
                .header("Authorization", basic())
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = TallymanCommand.execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void credentialsFromADockerConfig() throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(
        config,
        "{\"auths\":{\""
            + registry.hostPort()
            + "\":{\"auth\":\""
            + basic().substring(6)
            + "\"}}}");
    Run r =
        run(
            "sbom",
            "registry:" + registry.hostPort() + "/team/app:1",
            "--docker-config",
            config.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("zlib1g");
  }

  @Test
  void credentialsFromOptionsWithAPasswordFile() throws IOException {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PASSWORD);
    Path empty = dir.resolve("empty-config.json");
    Files.writeString(empty, "{}");
    Run r =
        run(
            "sbom",
            "registry:" + registry.hostPort() + "/team/app:1",
            "--docker-config",
            empty.toString(),
            "--registry-credentials",
            registry.hostPort() + "=basic,username=" + USER + ",password-file=" + pw,
            "--registry-max-concurrency",
            "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("zlib1g");
  }

  @Test
  void withoutCredentialsItSaysAccessDenied() throws IOException {
    Path empty = dir.resolve("none.json");
    Files.writeString(empty, "{}");
    Run r =
        run(
            "sbom",
            "registry:" + registry.hostPort() + "/team/app:1",
            "--docker-config",
            empty.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("access denied (HTTP 401; Basic challenge, no usable credentials)");
  }

  @Test
  void aMalformedCredentialsSpecIsAClearErrorWithoutItsValues() {
    Run r =
        run(
            "sbom",
            "registry:" + registry.hostPort() + "/team/app:1",
            "--registry-credentials",
            registry.hostPort() + "=basic,username=" + USER + ",passwrd=" + PASSWORD);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("unknown registry option 'passwrd'").doesNotContain(PASSWORD);
  }
}
