package dev.tallyman.advisory.service.feed;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.List;

/**
 * One configured feed, {@code tallyman.feeds.<name>.*}: its {@code type} (osv, ghsa, ubuntu,
 * debian, alpine, wolfi, chainguard, wolfi-advisories, chainguard-advisories, redhat, nvd, kev,
 * epss), {@code location} (base URL or a local mirror directory), type-specific settings and its
 * sync {@code interval}; {@code max-age} is when FeedStatus calls its data stale.
 */
@EachProperty("tallyman.feeds")
public class FeedConfig {
  private final String name;
  private String type;
  private String location;
  private String path;
  private String ecosystem;
  private List<String> branches = List.of();
  private List<String> repos = List.of("main", "community");
  private String extension = "json";
  private String apiKey;
  private boolean enabled = true;
  private Duration interval = Duration.ofHours(6);
  private Duration maxAge;

  public FeedConfig(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getEcosystem() {
    return ecosystem;
  }

  public void setEcosystem(String ecosystem) {
    this.ecosystem = ecosystem;
  }

  public List<String> getBranches() {
    return branches;
  }

  public void setBranches(List<String> branches) {
    this.branches = branches;
  }

  public List<String> getRepos() {
    return repos;
  }

  public void setRepos(List<String> repos) {
    this.repos = repos;
  }

  public String getExtension() {
    return extension;
  }

  public void setExtension(String extension) {
    this.extension = extension;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getInterval() {
    return interval;
  }

  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  /** Defaults to four intervals: one missed sync is normal, several are not. */
  public Duration getMaxAge() {
    return maxAge != null ? maxAge : interval.multipliedBy(4);
  }

  public void setMaxAge(Duration maxAge) {
    this.maxAge = maxAge;
  }
}
