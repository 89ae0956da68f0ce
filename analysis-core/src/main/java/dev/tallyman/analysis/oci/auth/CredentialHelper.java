package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A Docker credential helper ({@code docker-credential-NAME get}): the server URL on stdin, {@code
 * {"ServerURL","Username","Secret"}} on stdout. Bounded in time and output; its output is never
 * quoted in errors (it holds the secret), and stderr is discarded for the same reason.
 */
public final class CredentialHelper implements CredentialProvider {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_OUTPUT_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Path directory;
  private final Duration timeout;

  /** {@code directory} null = search {@code PATH}. */
  public CredentialHelper(String name, Path directory, Duration timeout) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new AnalysisException("invalid credential helper name: " + name);
    }
    this.name = name;
    this.directory = directory;
    this.timeout = timeout;
  }

  public CredentialHelper(String name) {
    this(name, null, Duration.ofSeconds(10));
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    String program = "docker-credential-" + name;
    Path executable = directory == null ? onPath(program) : directory.resolve(program);
    if (executable == null || !Files.isExecutable(executable)) {
      throw new AnalysisException("credential helper " + program + " not found");
    }
    Process p =
        new ProcessBuilder(List.of(executable.toString(), "get"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readBounded(p.getInputStream()));
      try (OutputStream in = p.getOutputStream()) {
        in.write(DockerConfig.helperServerUrl(registry).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the helper may exit without reading stdin; its exit code tells
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AnalysisException(program + " did not answer within " + timeout);
      }
      byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (stdout == null) {
        throw new AnalysisException(
            program + " wrote more than " + MAX_OUTPUT_BYTES + " bytes to stdout");
      }
      String text = new String(stdout, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        // The protocol's "not found" answer; anything else is a failure whose text we don't echo.
        if (text.contains("credentials not found")) {
          return Optional.empty();
        }
        throw new AnalysisException(program + " get failed with exit code " + p.exitValue());
      }
      return Optional.of(parse(text, program));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(program + ": interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new AnalysisException(program + ": could not read its answer");
    } finally {
      p.destroyForcibly();
    }
  }

  private static Credential parse(String text, String program) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new AnalysisException(program + " answered something that is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new AnalysisException(program + " answered something that is not a JSON object");
    }
    String user = n.path("Username").asText("");
    String secret = n.path("Secret").asText("");
    if (secret.isEmpty()) {
      throw new AnalysisException(program + " answered without a Secret");
    }
    return Credential.IDENTITY_TOKEN_USER.equals(user)
        ? Credential.identityToken(secret)
        : Credential.basic(user, secret);
  }

  /** Null when the helper writes more than the limit (it is then killed by the caller). */
  private static byte[] readBounded(InputStream in) {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (buf.size() + n > MAX_OUTPUT_BYTES) {
          return null;
        }
        buf.write(chunk, 0, n);
      }
      return buf.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "credential-helper(" + name + ")";
  }
}
