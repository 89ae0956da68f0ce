package dev.tallyman.ingest.distribution;

import dev.tallyman.proto.v1.EventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic event ids, so a redelivered notification yields the same ImageEvent id. */
public final class EventIds {
  private EventIds() {}

  /** Lowercase hex SHA-256 of {@code <source enum name>:<source event id>}. */
  public static String of(EventSource source, String sourceEventId) {
    return of(source.name(), sourceEventId);
  }

  /**
   * Lowercase hex SHA-256 of {@code <namespace>:<source event id>}; registry flavours that share
   * one EventSource use their own namespace so their ids never collide.
   */
  public static String of(String namespace, String sourceEventId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest((namespace + ":" + sourceEventId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
