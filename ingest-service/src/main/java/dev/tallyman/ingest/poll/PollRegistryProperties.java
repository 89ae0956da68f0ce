package dev.tallyman.ingest.poll;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code tallyman.ingest.poll.registries.<name>}: url, flavour, username + password-file or
 * password-env (a reference, never the secret), include / exclude globs, interval, max-concurrency.
 */
@EachProperty("tallyman.ingest.poll.registries")
public class PollRegistryProperties {
  private final String name;
  private String url;
  private String flavour = RegistrySpec.DISTRIBUTION;
  private String username;
  private String passwordFile;
  private String passwordEnv;
  private List<String> include = List.of();
  private List<String> exclude = List.of();
  private Duration interval = Duration.ofMinutes(5);
  private int maxConcurrency = 4;

  public PollRegistryProperties(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getFlavour() {
    return flavour;
  }

  public void setFlavour(String flavour) {
    this.flavour = flavour;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPasswordFile() {
    return passwordFile;
  }

  public void setPasswordFile(String passwordFile) {
    this.passwordFile = passwordFile;
  }

  public String getPasswordEnv() {
    return passwordEnv;
  }

  public void setPasswordEnv(String passwordEnv) {
    this.passwordEnv = passwordEnv;
  }

  public List<String> getInclude() {
    return include;
  }

  public void setInclude(List<String> include) {
    this.include = include;
  }

  public List<String> getExclude() {
    return exclude;
  }

  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }

  public Duration getInterval() {
    return interval;
  }

  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  RegistrySpec toSpec() {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "tallyman.ingest.poll.registries." + name + ".url is required");
    }
    return new RegistrySpec(
        name,
        URI.create(url.strip()),
        flavour,
        new Credentials(
            username,
            passwordFile == null || passwordFile.isBlank() ? null : Path.of(passwordFile),
            passwordEnv),
        new RepositoryGlobs(include, exclude),
        interval,
        maxConcurrency);
  }
}
