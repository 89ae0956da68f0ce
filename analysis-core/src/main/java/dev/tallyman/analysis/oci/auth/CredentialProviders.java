package dev.tallyman.analysis.oci.auth;

import dev.tallyman.analysis.AnalysisException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link CredentialProvider} from string options, the same keys for analyzer-service
 * ({@code tallyman.registries.<name>.*}) and the CLI ({@code --registry-credentials
 * HOST=TYPE,key=value,...}). Secrets are read from files or environment variables when named so
 * ({@code password-file}, {@code password-env}, {@code acr-client-secret-file}).
 *
 * <pre>
 * credentials: none | basic | docker-config | helper | ecr | gar | acr
 *   basic          username, password | password-file | password-env
 *   docker-config  docker-config (path; default $DOCKER_CONFIG/config.json or ~/.docker/config.json)
 *   helper         helper (NAME of docker-credential-NAME), helper-dir (default PATH)
 *   ecr            ecr-region (default from the host), ecr-endpoint; AWS_* environment variables
 *   gar            gar-service-account-file, gar-token-url | gar-metadata-url
 *   acr            acr-tenant-id, acr-client-id, acr-client-secret(-file) [service principal]
 *                  or acr-managed-identity-url [+ acr-client-id]; acr-authority, acr-exchange-url
 * helper-timeout (default 10s) applies to every helper run.
 * </pre>
 */
public final class CredentialProviders {
  public static final Set<String> TYPES =
      Set.of("none", "basic", "docker-config", "helper", "ecr", "gar", "acr");
  public static final Set<String> KEYS =
      new TreeSet<>(
          Set.of(
              "credentials",
              "username",
              "password",
              "password-file",
              "password-env",
              "docker-config",
              "helper",
              "helper-dir",
              "helper-timeout",
              "ecr-region",
              "ecr-endpoint",
              "gar-service-account-file",
              "gar-token-url",
              "gar-metadata-url",
              "acr-tenant-id",
              "acr-client-id",
              "acr-client-secret",
              "acr-client-secret-file",
              "acr-managed-identity-url",
              "acr-authority",
              "acr-exchange-url"));

  private CredentialProviders() {}

  /**
   * {@code type} null = {@code basic} when a username is given, else {@code none}. Unknown keys and
   * types are errors (a typo must not silently mean anonymous).
   */
  public static CredentialProvider create(
      Map<String, String> options, Map<String, String> env, Duration timeout, Clock clock) {
    for (String k : options.keySet()) {
      if (!KEYS.contains(k)) {
        throw new AnalysisException("unknown registry option '" + k + "' (known: " + KEYS + ")");
      }
    }
    String type = options.get("credentials");
    if (type == null || type.isBlank()) {
      type = options.containsKey("username") ? "basic" : "none";
    }
    Duration helperTimeout = Duration.ofSeconds(10);
    if (options.containsKey("helper-timeout")) {
      try {
        helperTimeout = Duration.parse("PT" + options.get("helper-timeout").toUpperCase());
      } catch (java.time.format.DateTimeParseException e) {
        throw new AnalysisException(
            "helper-timeout must look like 10s or 2m, got " + options.get("helper-timeout"));
      }
    }
    TokenHttp http = new TokenHttp(timeout);
    return switch (type) {
      case "none" -> CredentialProvider.NONE;
      case "basic" -> basic(options, env);
      case "docker-config" -> {
        Path file =
            options.containsKey("docker-config")
                ? Path.of(options.get("docker-config"))
                : DockerConfig.defaultLocation(env);
        try {
          yield DockerConfig.read(file, path(options, "helper-dir"), helperTimeout);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read docker config " + file, e);
        }
      }
      case "helper" ->
          new CredentialHelper(
              required(options, "helper", type), path(options, "helper-dir"), helperTimeout);
      case "ecr" ->
          new EcrCredentialProvider(
              options.get("ecr-region"),
              uri(options, "ecr-endpoint"),
              EcrCredentialProvider.fromEnvironment(env),
              http,
              clock);
      case "gar" ->
          options.containsKey("gar-service-account-file")
              ? GarCredentialProvider.serviceAccount(
                  Path.of(options.get("gar-service-account-file")),
                  uri(options, "gar-token-url"),
                  http,
                  clock)
              : GarCredentialProvider.metadata(uri(options, "gar-metadata-url"), http, clock);
      case "acr" -> acr(options, http, clock);
      default ->
          throw new AnalysisException(
              "unknown credentials type '" + type + "' (known: " + new TreeSet<>(TYPES) + ")");
    };
  }

  private static CredentialProvider basic(Map<String, String> o, Map<String, String> env) {
    String user = required(o, "username", "basic");
    String password = secret(o, "password", env);
    if (password == null) {
      throw new AnalysisException(
          "basic credentials for user " + user + " need password, password-file or password-env");
    }
    return CredentialProvider.of(Credential.basic(user, password));
  }

  private static CredentialProvider acr(Map<String, String> o, TokenHttp http, Clock clock) {
    String tenant = o.get("acr-tenant-id");
    String secret = secret(o, "acr-client-secret", Map.of());
    AcrCredentialProvider.AadSource aad =
        secret != null
            ? new AcrCredentialProvider.ClientSecret(
                uri(o, "acr-authority"),
                required(o, "acr-tenant-id", "acr"),
                required(o, "acr-client-id", "acr"),
                secret)
            : new AcrCredentialProvider.ManagedIdentity(
                uri(o, "acr-managed-identity-url"), o.get("acr-client-id"));
    return new AcrCredentialProvider(aad, uri(o, "acr-exchange-url"), tenant, http, clock);
  }

  /** {@code key}, else the content of {@code key-file}, else the variable {@code key-env}. */
  private static String secret(Map<String, String> o, String key, Map<String, String> env) {
    if (o.get(key) != null) {
      return o.get(key);
    }
    if (o.get(key + "-file") != null) {
      Path file = Path.of(o.get(key + "-file"));
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new AnalysisException("cannot read " + key + "-file " + file);
      }
    }
    if (o.get(key + "-env") != null) {
      String v = env.get(o.get(key + "-env"));
      if (v == null) {
        throw new AnalysisException(
            key + "-env names " + o.get(key + "-env") + ", which is not set");
      }
      return v;
    }
    return null;
  }

  private static String required(Map<String, String> o, String key, String type) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      throw new AnalysisException("credentials " + type + " need " + key);
    }
    return v;
  }

  private static Path path(Map<String, String> o, String key) {
    return o.get(key) == null ? null : Path.of(o.get(key));
  }

  private static URI uri(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      URI u = URI.create(v);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(key + " is not an http(s) URL: " + v);
    }
  }
}
