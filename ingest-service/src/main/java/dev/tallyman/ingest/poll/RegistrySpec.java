package dev.tallyman.ingest.poll;

import dev.tallyman.ingest.distribution.DistributionGrammar;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** One registry to poll, as configured under {@code tallyman.ingest.poll.registries.<name>}. */
public record RegistrySpec(
    String name,
    URI url,
    String flavour,
    Credentials credentials,
    RepositoryGlobs repositories,
    Duration interval,
    int maxConcurrency) {
  public static final String DISTRIBUTION = "distribution";

  public RegistrySpec {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("poll registry name must be [A-Za-z0-9_.-]: " + name);
    }
    String scheme =
        url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(name + ": url must be http(s)://host[:port], got " + url);
    }
    if (!DISTRIBUTION.equals(flavour)) {
      throw new IllegalArgumentException(
          name + ": flavour must be " + DISTRIBUTION + ", got " + flavour);
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + ": interval must be positive");
    }
    if (maxConcurrency < 1 || maxConcurrency > 64) {
      throw new IllegalArgumentException(name + ": max-concurrency must be 1..64");
    }
    if (!DistributionGrammar.isRegistryHost(url.getRawAuthority())) {
      throw new IllegalArgumentException(name + ": url host is not a registry host[:port]");
    }
    credentials = credentials == null ? Credentials.ANONYMOUS : credentials;
  }

  /** {@code host[:port]} as images from this registry are referenced (the event's registry). */
  public String host() {
    return url.getRawAuthority();
  }

  /** {@code url} without a trailing slash, to append {@code /v2/...} to. */
  public String base() {
    String s = url.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
