package dev.tallyman.cli.image;

import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.RetryPolicy;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.oci.auth.CredentialProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Options of {@code registry:} targets shared by {@code tallyman sbom} and {@code tallyman scan}.
 */
public final class RegistryOptions {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST[:PORT]",
      description = "talk plain HTTP to this registry (loopback ones always are)")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(
      names = "--registry-credentials",
      paramLabel = "HOST=TYPE[,KEY=VALUE...]",
      description = {
        "where the credentials of HOST come from; TYPE is basic, docker-config, helper, ecr, gar,"
            + " acr or none, e.g. HOST=basic,username=ci,password-file=PATH;"
            + " HOST=helper,helper=pass; HOST=ecr,ecr-region=eu-west-1 (AWS_* variables);"
            + " HOST=gar,gar-service-account-file=KEY.json; HOST=acr,acr-tenant-id=T,"
            + "acr-client-id=C,acr-client-secret-file=F (keys: docs/architecture.md)"
      })
  List<String> registryCredentials = new ArrayList<>();

  @Option(
      names = "--docker-config",
      paramLabel = "FILE",
      description =
          "Docker config.json for registries without --registry-credentials (default:"
              + " $DOCKER_CONFIG/config.json or ~/.docker/config.json, when present)")
  Path dockerConfig;

  @Option(
      names = "--registry-max-concurrency",
      paramLabel = "N",
      defaultValue = "8",
      description = "requests in flight per registry (default 8)")
  int maxConcurrency;

  public RegistryOptions() {}

  /** Only insecure hosts (the former option). */
  public static RegistryOptions insecure(List<String> hosts) {
    RegistryOptions o = new RegistryOptions();
    o.insecureRegistries = new ArrayList<>(hosts);
    o.maxConcurrency = RegistrySettings.DEFAULT_MAX_CONCURRENCY;
    return o;
  }

  public RegistryClient client(Map<String, String> env) {
    Clock clock = Clock.systemUTC();
    Map<String, CredentialProvider> byHost = new LinkedHashMap<>();
    for (String spec : registryCredentials) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new AnalysisException(
            "--registry-credentials wants HOST=TYPE[,KEY=VALUE...], got '" + redact(spec) + "'");
      }
      byHost.put(spec.substring(0, eq), provider(spec.substring(eq + 1), env, clock));
    }
    Set<String> hosts = new LinkedHashSet<>(byHost.keySet());
    hosts.addAll(insecureRegistries);
    List<RegistrySettings> settings = new ArrayList<>();
    for (String host : hosts) {
      settings.add(
          new RegistrySettings(
              host,
              insecureRegistries.contains(host),
              byHost.getOrDefault(host, CredentialProvider.NONE),
              maxConcurrency));
    }
    Path config = dockerConfig != null ? dockerConfig : defaultDockerConfig(env);
    CredentialProvider defaults =
        config == null
            ? CredentialProvider.NONE
            : CredentialProviders.create(
                Map.of("credentials", "docker-config", "docker-config", config.toString()),
                env,
                TIMEOUT,
                clock);
    return new RegistryClient(settings, TIMEOUT, defaults, maxConcurrency, RetryPolicy.DEFAULT);
  }

  private static Path defaultDockerConfig(Map<String, String> env) {
    Path p = dev.tallyman.analysis.oci.auth.DockerConfig.defaultLocation(env);
    return Files.isRegularFile(p) ? p : null;
  }

  private static CredentialProvider provider(String spec, Map<String, String> env, Clock clock) {
    Map<String, String> options = new LinkedHashMap<>();
    String[] parts = spec.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (i == 0 && eq < 0) {
        options.put("credentials", part);
      } else if (eq > 0) {
        options.put(part.substring(0, eq), part.substring(eq + 1));
      } else {
        throw new AnalysisException("--registry-credentials: '" + part + "' is not KEY=VALUE");
      }
    }
    return CredentialProviders.create(options, env, TIMEOUT, clock);
  }

  /** Values may be secrets: show the keys only. */
  private static String redact(String spec) {
    return spec.replaceAll("=[^,]*", "=…");
  }
}
