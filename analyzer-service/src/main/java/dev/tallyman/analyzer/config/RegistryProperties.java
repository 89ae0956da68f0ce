package dev.tallyman.analyzer.config;

import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.oci.auth.CredentialProviders;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tallyman.registries.<name>.*}: how to reach one registry host. {@code host} (default: the
 * entry's name), {@code insecure} (plain HTTP), {@code max-concurrency}, and where its credentials
 * come from: {@code credentials: none|basic|docker-config|helper|ecr|gar|acr} plus the keys of
 * {@link CredentialProviders} ({@code username}, {@code password-file}, {@code helper}, {@code
 * ecr-region}, {@code gar-service-account-file}, {@code acr-tenant-id}, ...). Registries not listed
 * use HTTPS (loopback ones plain HTTP) with the default credentials ({@code
 * tallyman.analyzer.docker-config}) or none.
 */
@EachProperty("tallyman.registries")
public class RegistryProperties {
  private final String name;
  private String host;
  private boolean insecure;
  private int maxConcurrency = RegistrySettings.DEFAULT_MAX_CONCURRENCY;
  private final Map<String, String> options = new LinkedHashMap<>();

  public RegistryProperties(@Parameter String name) {
    this.name = name;
  }

  /**
   * Builds the settings; credentials are resolved when first needed and cached by the client until
   * they expire.
   */
  public RegistrySettings toSettings(Map<String, String> env, Duration timeout, Clock clock) {
    CredentialProvider credentials = CredentialProviders.create(options, env, timeout, clock);
    return new RegistrySettings(host == null ? name : host, insecure, credentials, maxConcurrency);
  }

  private void put(String key, String value) {
    if (value != null && !value.isBlank()) {
      options.put(key, value);
    }
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public boolean isInsecure() {
    return insecure;
  }

  public void setInsecure(boolean insecure) {
    this.insecure = insecure;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public void setCredentials(String v) {
    put("credentials", v);
  }

  public void setUsername(String v) {
    put("username", v);
  }

  public void setPassword(String v) {
    put("password", v);
  }

  public void setPasswordFile(String v) {
    put("password-file", v);
  }

  public void setPasswordEnv(String v) {
    put("password-env", v);
  }

  public void setDockerConfig(String v) {
    put("docker-config", v);
  }

  public void setHelper(String v) {
    put("helper", v);
  }

  public void setHelperDir(String v) {
    put("helper-dir", v);
  }

  public void setHelperTimeout(String v) {
    put("helper-timeout", v);
  }

  public void setEcrRegion(String v) {
    put("ecr-region", v);
  }

  public void setEcrEndpoint(String v) {
    put("ecr-endpoint", v);
  }

  public void setGarServiceAccountFile(String v) {
    put("gar-service-account-file", v);
  }

  public void setGarTokenUrl(String v) {
    put("gar-token-url", v);
  }

  public void setGarMetadataUrl(String v) {
    put("gar-metadata-url", v);
  }

  public void setAcrTenantId(String v) {
    put("acr-tenant-id", v);
  }

  public void setAcrClientId(String v) {
    put("acr-client-id", v);
  }

  public void setAcrClientSecret(String v) {
    put("acr-client-secret", v);
  }

  public void setAcrClientSecretFile(String v) {
    put("acr-client-secret-file", v);
  }

  public void setAcrManagedIdentityUrl(String v) {
    put("acr-managed-identity-url", v);
  }

  public void setAcrAuthority(String v) {
    put("acr-authority", v);
  }

  public void setAcrExchangeUrl(String v) {
    put("acr-exchange-url", v);
  }

  @Override
  public String toString() {
    // option values may be secrets: only the keys
    return "RegistryProperties["
        + (host == null ? name : host)
        + ", options="
        + options.keySet()
        + "]";
  }
}
