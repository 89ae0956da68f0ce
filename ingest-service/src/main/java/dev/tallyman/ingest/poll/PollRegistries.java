package dev.tallyman.ingest.poll;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The configured registries, validated at startup. */
public record PollRegistries(List<RegistrySpec> all) {
  public PollRegistries {
    all = List.copyOf(all);
    if (all.stream().map(RegistrySpec::name).distinct().count() != all.size()) {
      throw new IllegalArgumentException("poll registry names must be unique");
    }
  }

  public Optional<RegistrySpec> named(String name) {
    return all.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The registry whose images are referenced as {@code host[:port]/...}. */
  public Optional<RegistrySpec> byHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return all.stream().filter(r -> r.host().toLowerCase(Locale.ROOT).equals(h)).findFirst();
  }
}
