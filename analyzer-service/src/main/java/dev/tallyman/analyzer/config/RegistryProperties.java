package dev.tallyman.analyzer.config;

import dev.tallyman.analysis.oci.RegistrySettings;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code tallyman.registries.<name>.host/insecure/username/password}: how to reach a registry.
 * Registries not listed use HTTPS anonymously (loopback ones plain HTTP).
 */
@EachProperty("tallyman.registries")
public class RegistryProperties {
  private final String name;
  private String host;
  private boolean insecure;
  private String username;
  private String password;

  public RegistryProperties(@Parameter String name) {
    this.name = name;
  }

  public RegistrySettings toSettings() {
    return new RegistrySettings(host == null ? name : host, insecure, username, password);
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

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }
}
