package dev.tallyman.analysis.oci;

import java.io.IOException;

/** The registry answered with a transient failure (5xx, 429): worth retrying later. */
public final class RegistryUnavailableException extends IOException {
  public RegistryUnavailableException(String message) {
    super(message);
  }
}
