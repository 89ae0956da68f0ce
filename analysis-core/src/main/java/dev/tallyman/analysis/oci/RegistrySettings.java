package dev.tallyman.analysis.oci;

import dev.tallyman.analysis.oci.auth.Credential;
import dev.tallyman.analysis.oci.auth.CredentialProvider;

/**
 * How to talk to one registry host ({@code host[:port]}): plain HTTP or not, where its credentials
 * come from (used for HTTP Basic and to obtain bearer tokens), and how many requests may be in
 * flight to it at once (a blob download holds its slot until its stream is closed).
 */
public record RegistrySettings(
    String host, boolean insecure, CredentialProvider credentials, int maxConcurrency) {
  public static final int DEFAULT_MAX_CONCURRENCY = 8;

  public RegistrySettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("registry host is required");
    }
    credentials = credentials == null ? CredentialProvider.NONE : credentials;
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max concurrency of " + host + " must be at least 1");
    }
  }

  /** Fixed basic credentials (none when {@code username} is empty). */
  public RegistrySettings(String host, boolean insecure, String username, String password) {
    this(
        host,
        insecure,
        username != null && !username.isEmpty() && password != null
            ? CredentialProvider.of(Credential.basic(username, password))
            : CredentialProvider.NONE,
        DEFAULT_MAX_CONCURRENCY);
  }

  @Override
  public String toString() {
    // The provider's toString never shows a secret.
    return "RegistrySettings[host="
        + host
        + ", insecure="
        + insecure
        + ", credentials="
        + (credentials == CredentialProvider.NONE ? "none" : credentials)
        + ", maxConcurrency="
        + maxConcurrency
        + "]";
  }
}
