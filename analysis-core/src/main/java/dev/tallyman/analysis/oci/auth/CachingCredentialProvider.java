package dev.tallyman.analysis.oci.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a provider's answer per registry: until {@code margin} before the credential expires,
 * or for {@code ttl} when it does not say (a credential helper may be slow or prompt a keychain).
 * Exchanges with cloud token services then happen once per validity period, not per request.
 */
public final class CachingCredentialProvider implements CredentialProvider {
  private record Entry(Optional<Credential> credential, Instant until) {}

  private final CredentialProvider delegate;
  private final Duration ttl;
  private final Duration margin;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public CachingCredentialProvider(
      CredentialProvider delegate, Duration ttl, Duration margin, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl;
    this.margin = margin;
    this.clock = clock;
  }

  public CachingCredentialProvider(CredentialProvider delegate) {
    this(delegate, Duration.ofMinutes(5), Duration.ofMinutes(5), Clock.systemUTC());
  }

  @Override
  public Optional<Credential> credentials(String registry) throws IOException {
    Instant now = clock.instant();
    Entry e = entries.get(registry);
    if (e != null && now.isBefore(e.until())) {
      return e.credential();
    }
    Optional<Credential> c = delegate.credentials(registry);
    Instant until = c.map(Credential::expiresAt).map(at -> at.minus(margin)).orElse(now.plus(ttl));
    if (until.isAfter(now)) {
      entries.put(registry, new Entry(c, until));
    }
    return c;
  }

  /** Forgets the registry's credential (the registry refused it). */
  public void invalidate(String registry) {
    entries.remove(registry);
  }

  @Override
  public String toString() {
    return "cached(" + delegate + ")";
  }
}
