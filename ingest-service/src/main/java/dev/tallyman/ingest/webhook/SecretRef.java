package dev.tallyman.ingest.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Where a webhook secret lives: inline (from the environment through configuration) or in a file (a
 * mounted secret). A file is re-read whenever its modification time or size changes, so a rotated
 * secret takes effect on the next request without a restart. {@link #toString()} never shows it.
 */
public final class SecretRef {
  /** Mounted secrets are small; anything larger is a misconfiguration, not a secret. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  private final SharedSecret inline;
  private final String inlineValue;
  private final Path file;
  private Snapshot snapshot; // guarded by this

  private record Snapshot(FileTime modified, long size, String value, SharedSecret secret) {}

  private SecretRef(String inline, Path file) {
    this.inlineValue = inline;
    this.inline = inline == null ? null : new SharedSecret(inline);
    this.file = file;
  }

  /**
   * The file wins when both are given; null when neither is (the endpoint is then not configured).
   */
  public static SecretRef of(String value, String file) {
    if (file != null && !file.isBlank()) {
      return new SecretRef(null, Path.of(file.strip()));
    }
    if (value != null && !value.isBlank()) {
      return new SecretRef(value, null);
    }
    return null;
  }

  /** The current secret for constant-time comparison. */
  public SharedSecret current() {
    return inline != null ? inline : read().secret();
  }

  /** The current secret's value, for algorithms that key on it (HMAC, API-key comparison). */
  public String value() {
    return inline != null ? inlineValue : read().value();
  }

  private synchronized Snapshot read() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Snapshot s = snapshot;
      if (s != null && s.modified().equals(modified) && s.size() == size) {
        return s;
      }
      if (size > MAX_FILE_BYTES) {
        throw new SecretUnavailable("secret file " + file + " is over 64 KiB");
      }
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new SecretUnavailable("secret file " + file + " is empty");
      }
      snapshot = new Snapshot(modified, size, value, new SharedSecret(value));
      return snapshot;
    } catch (IOException e) {
      throw new SecretUnavailable(
          "cannot read secret file " + file + ": " + e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return file != null ? "SecretRef[file=" + file + "]" : "SecretRef[inline ****]";
  }

  /** The secret cannot be read right now: the endpoint answers 503 so the sender retries. */
  public static final class SecretUnavailable extends RuntimeException {
    public SecretUnavailable(String message) {
      super(message);
    }
  }
}
