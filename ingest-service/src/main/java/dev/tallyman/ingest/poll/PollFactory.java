package dev.tallyman.ingest.poll;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Wires the poll domain from configuration. */
@Factory
class PollFactory {
  @Singleton
  PollRegistries pollRegistries(List<PollRegistryProperties> registries) {
    return new PollRegistries(registries.stream().map(PollRegistryProperties::toSpec).toList());
  }

  @Singleton
  PollLimits pollLimits(
      @Value("${tallyman.ingest.poll.max-repositories:10000}") int maxRepositories,
      @Value("${tallyman.ingest.poll.max-tags-per-repository:1000}") int maxTags,
      @Value("${tallyman.ingest.poll.max-response-bytes:4194304}") int maxResponseBytes,
      @Value("${tallyman.ingest.poll.max-attempts:5}") int maxAttempts,
      @Value("${tallyman.ingest.poll.max-retry-after:2m}") Duration maxRetryAfter,
      @Value("${tallyman.ingest.poll.request-timeout:30s}") Duration requestTimeout) {
    return new PollLimits(
        maxRepositories, maxTags, maxResponseBytes, maxAttempts, maxRetryAfter, requestTimeout);
  }

  @Singleton
  RegistryClients registryClients(PollLimits limits) {
    // never follow redirects: a registry could send our Authorization header elsewhere
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new RegistryClients(
        http, limits, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), System::getenv);
  }
}
