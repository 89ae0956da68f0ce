package dev.tallyman.ingest.poll;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.function.Function;

/**
 * Makes a {@link RegistryClient} per use with the credentials as they are at that moment, so a
 * rotated password file or environment value is used without a restart.
 */
public final class RegistryClients {
  private final HttpClient http;
  private final PollLimits limits;
  private final Clock clock;
  private final RegistryClient.Sleeper sleeper;
  private final Function<String, String> env;

  public RegistryClients(
      HttpClient http,
      PollLimits limits,
      Clock clock,
      RegistryClient.Sleeper sleeper,
      Function<String, String> env) {
    this.http = http;
    this.limits = limits;
    this.clock = clock;
    this.sleeper = sleeper;
    this.env = env;
  }

  public RegistryClient client(RegistrySpec spec) {
    return new RegistryClient(http, spec, spec.credentials().resolve(env), limits, clock, sleeper);
  }
}
