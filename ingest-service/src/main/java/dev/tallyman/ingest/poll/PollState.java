package dev.tallyman.ingest.poll;

import java.util.Optional;

/** The last digest the poller saw per (registry, repository, tag); shared by every replica. */
public interface PollState {
  Optional<String> lastDigest(String registry, String repository, String tag);

  /** Durably records {@code digest}; returns once it will survive a restart. */
  void remember(String registry, String repository, String tag, String digest);

  /**
   * Every {@code repository:tag -> digest} known for {@code registry} (its configured name), for
   * bulk rescans. Only the replica that owns the registry knows them.
   */
  java.util.Map<String, String> known(String registry);

  /** The record key: {@code registry/repository:tag} (registry is the configured name). */
  static String key(String registry, String repository, String tag) {
    return registry + "/" + repository + ":" + tag;
  }
}
