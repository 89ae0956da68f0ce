package dev.tallyman.analysis.oci.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker config.json lookups and credential helpers run for real (shell scripts in a temp dir). */
class DockerConfigTest {
  static final String SECRET = "helper-s3cret-value";
  @TempDir Path tmp;

  private Path config(String json) throws IOException {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, json);
    return f;
  }

  /** A docker-credential-NAME script; it records what it read on stdin next to itself. */
  private void helper(String name, String script) throws IOException {
    Path p = tmp.resolve("docker-credential-" + name);
    Files.writeString(p, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  private DockerConfig read(Path config) throws IOException {
    return DockerConfig.read(config, tmp, Duration.ofSeconds(10));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void authsEntriesInEveryShape() throws IOException {
    DockerConfig c =
        read(
            config(
                "{\"auths\":{"
                    + "\"https://index.docker.io/v1/\":{\"auth\":\""
                    + b64("hubuser:hub:pass")
                    + "\"},"
                    + "\"registry.example:5000\":{\"username\":\"u\",\"password\":\"p\"},"
                    + "\"https://id.example/v2/\":{\"identitytoken\":\"refresh-me\"},"
                    + "\"empty.example\":{}}}"));

    Credential hub = c.credentials("docker.io").orElseThrow();
    assertThat(hub.username()).isEqualTo("hubuser");
    assertThat(hub.secret()).isEqualTo("hub:pass"); // only the first colon separates
    assertThat(c.credentials("registry.example:5000").orElseThrow().secret()).isEqualTo("p");
    Credential id = c.credentials("id.example").orElseThrow();
    assertThat(id.isIdentityToken()).isTrue();
    assertThat(id.secret()).isEqualTo("refresh-me");
    assertThat(c.credentials("empty.example")).isEmpty();
    assertThat(c.credentials("unknown.example")).isEmpty();
  }

  @Test
  void credHelperGetsTheHostOnStdinAndAnswersJson() throws IOException {
    helper(
        "test",
        "read host\necho \"$host\" > \"$(dirname \"$0\")/stdin.txt\"\n"
            + "printf '{\"ServerURL\":\"%s\",\"Username\":\"ci\",\"Secret\":\""
            + SECRET
            + "\"}' \"$host\"");
    DockerConfig c = read(config("{\"credHelpers\":{\"registry.example\":\"test\"},\"auths\":{}}"));

    Credential cred = c.credentials("registry.example").orElseThrow();

    assertThat(cred.username()).isEqualTo("ci");
    assertThat(cred.secret()).isEqualTo(SECRET);
    assertThat(Files.readString(tmp.resolve("stdin.txt")).trim()).isEqualTo("registry.example");
    assertThat(c.credentials("other.example")).isEmpty();
  }

  @Test
  void credsStoreIsTheFallbackAndTokenUserMeansIdentityToken() throws IOException {
    helper(
        "store",
        "read host\nif [ \"$host\" = \"https://index.docker.io/v1/\" ]; then\n"
            + "  echo '{\"Username\":\"<token>\",\"Secret\":\"hub-refresh\"}'\n"
            + "else\n  echo 'credentials not found in native keychain'; exit 1\nfi");
    DockerConfig c = read(config("{\"credsStore\":\"store\"}"));

    Credential hub = c.credentials("docker.io").orElseThrow();
    assertThat(hub.isIdentityToken()).isTrue();
    assertThat(hub.secret()).isEqualTo("hub-refresh");
    assertThat(c.credentials("nothing.example")).isEmpty();
  }

  @Test
  void failingHelperIsAnErrorThatDoesNotQuoteIt() throws IOException {
    helper(
        "broken", "cat >/dev/null\necho 'oops " + SECRET + "'; echo '" + SECRET + "' >&2; exit 3");
    CredentialHelper h = new CredentialHelper("broken", tmp, Duration.ofSeconds(10));

    assertThatThrownBy(() -> h.credentials("r.example"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("exit code 3")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void helperThatHangsIsStoppedAtTheTimeout() throws IOException {
    helper("slow", "exec sleep 30");
    CredentialHelper h = new CredentialHelper("slow", tmp, Duration.ofMillis(300));

    assertThatThrownBy(() -> h.credentials("r.example"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("did not answer within");
  }

  @Test
  void helperOutputIsBounded() throws IOException {
    helper("chatty", "cat >/dev/null\nhead -c 1000000 /dev/zero | tr '\\0' 'x'");
    CredentialHelper h = new CredentialHelper("chatty", tmp, Duration.ofSeconds(10));

    assertThatThrownBy(() -> h.credentials("r.example"))
        .isInstanceOf(AnalysisException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf(
                        "more than " + CredentialHelper.MAX_OUTPUT_BYTES, "did not answer"));
  }

  @Test
  void helperNamesCannotEscapeTheirDirectory() {
    assertThatThrownBy(() -> new CredentialHelper("../../bin/sh", tmp, Duration.ofSeconds(1)))
        .isInstanceOf(AnalysisException.class);
  }

  @Test
  void malformedConfigIsAClearErrorWithoutItsContent() throws IOException {
    Path bad = config("{\"auths\":{\"r.example\":{\"auth\":\"" + SECRET + "\"");
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageNotContaining(SECRET);
    DockerConfig notBase64 =
        read(config("{\"auths\":{\"r.example\":{\"auth\":\"%%" + SECRET + "\"}}}"));
    assertThatThrownBy(() -> notBase64.credentials("r.example"))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void providersAreBuiltFromOptions() throws IOException {
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, SECRET + "\n");
    CredentialProvider p =
        CredentialProviders.create(
            java.util.Map.of("username", "ci", "password-file", pw.toString()),
            java.util.Map.of(),
            Duration.ofSeconds(5),
            java.time.Clock.systemUTC());
    assertThat(p.credentials("any")).map(Credential::secret).isEqualTo(Optional.of(SECRET));
    assertThat(p.toString()).doesNotContain(SECRET);
    assertThatThrownBy(
            () ->
                CredentialProviders.create(
                    java.util.Map.of("credentials", "ecr", "ecr-regoin", "x"),
                    java.util.Map.of(),
                    Duration.ofSeconds(5),
                    java.time.Clock.systemUTC()))
        .hasMessageContaining("unknown registry option 'ecr-regoin'");
    assertThatThrownBy(
            () ->
                CredentialProviders.create(
                    java.util.Map.of("credentials", "kerberos"),
                    java.util.Map.of(),
                    Duration.ofSeconds(5),
                    java.time.Clock.systemUTC()))
        .hasMessageContaining("unknown credentials type");
  }
}
