package dev.tallyman.analysis.oci;

/**
 * How to talk to one registry host ({@code host[:port]}): plain HTTP or not, and optional basic
 * credentials (also used to obtain bearer tokens).
 */
public record RegistrySettings(String host, boolean insecure, String username, String password) {
  public boolean hasCredentials() {
    return username != null && !username.isEmpty() && password != null;
  }

  @Override
  public String toString() {
    // Never print the password.
    return "RegistrySettings[host="
        + host
        + ", insecure="
        + insecure
        + ", username="
        + username
        + "]";
  }
}
