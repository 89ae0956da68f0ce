package dev.tallyman.analysis.oci.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.oci.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a Docker {@code config.json}: {@code credHelpers} (per host) first, then an
 * {@code auths} entry ({@code auth} = base64 of user:password, or {@code username}/{@code
 * password}, or {@code identitytoken}), then the default {@code credsStore}. {@code auths} keys may
 * be bare hosts or URLs ({@code https://index.docker.io/v1/} for Docker Hub).
 */
public final class DockerConfig implements CredentialProvider {
  static final long MAX_CONFIG_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";

  private final String source;
  private final Map<String, JsonNode> auths = new HashMap<>();
  private final Map<String, String> helpers = new HashMap<>();
  private final String credsStore;
  private final Path helperDirectory;
  private final Duration helperTimeout;

  private DockerConfig(String source, JsonNode root, Path helperDirectory, Duration helperTimeout) {
    this.source = source;
    this.helperDirectory = helperDirectory;
    this.helperTimeout = helperTimeout;
    root.path("auths")
        .fields()
        .forEachRemaining(e -> auths.put(normalize(e.getKey()), e.getValue()));
    root.path("credHelpers")
        .fields()
        .forEachRemaining(e -> helpers.put(normalize(e.getKey()), e.getValue().asText()));
    String store = root.path("credsStore").asText("");
    this.credsStore = store.isEmpty() ? null : store;
  }

  /** Reads {@code file}; helpers are searched in {@code helperDirectory} (null = PATH). */
  public static DockerConfig read(Path file, Path helperDirectory, Duration helperTimeout)
      throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = LimitedInputStream.readAll(in, MAX_CONFIG_BYTES, "docker config " + file);
      root = JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Jackson's message may quote the file's content: name the file only.
      throw new AnalysisException("docker config " + file + " is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new AnalysisException("docker config " + file + " is not a JSON object");
    }
    return new DockerConfig(file.toString(), root, helperDirectory, helperTimeout);
  }

  public static DockerConfig read(Path file) throws IOException {
    return read(file, null, Duration.ofSeconds(10));
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  public static Path defaultLocation(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    String key = normalize(registry);
    String helper = helpers.get(key);
    if (helper != null && !helper.isEmpty()) {
      return new CredentialHelper(helper, helperDirectory, helperTimeout).credentials(registry);
    }
    JsonNode entry = auths.get(key);
    Optional<Credential> fromFile = entry == null ? Optional.empty() : fromAuths(entry, registry);
    if (fromFile.isPresent()) {
      return fromFile;
    }
    if (credsStore != null) {
      return new CredentialHelper(credsStore, helperDirectory, helperTimeout).credentials(registry);
    }
    return Optional.empty();
  }

  private Optional<Credential> fromAuths(JsonNode entry, String registry) {
    String identity = entry.path("identitytoken").asText("");
    if (!identity.isEmpty()) {
      return Optional.of(Credential.identityToken(identity));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException(
            "docker config " + source + ": auths entry for " + registry + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new AnalysisException(
            "docker config " + source + ": auths entry for " + registry + " has no user:password");
      }
      return Optional.of(
          Credential.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String user = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (!user.isEmpty() && !password.isEmpty()) {
      return Optional.of(Credential.basic(user, password));
    }
    return Optional.empty();
  }

  /** Docker Hub's aliases all map to its legacy server URL, as the docker CLI stores it. */
  static String helperServerUrl(String registry) {
    return isDockerHub(normalize(registry)) ? DOCKER_HUB_SERVER : registry;
  }

  /** {@code https://host:port/v1/} and {@code host:port} name the same registry. */
  static String normalize(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return isDockerHub(k) ? ImageReference.DOCKER_HUB : k;
  }

  private static boolean isDockerHub(String host) {
    return host.equals(ImageReference.DOCKER_HUB)
        || host.equals("index.docker.io")
        || host.equals("registry-1.docker.io");
  }

  @Override
  public String toString() {
    return "docker-config(" + source + ")";
  }
}
