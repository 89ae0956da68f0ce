package dev.tallyman.ingest.ondemand;

import dev.tallyman.ingest.distribution.DistributionGrammar;
import dev.tallyman.ingest.distribution.InvalidNotification;

/**
 * An image reference a user asks to scan: {@code host[:port]/repository[:tag][@digest]}. The host
 * is required (Tallyman scans many registries; there is no default one); without tag or digest the
 * tag is {@code latest}, as container tools assume.
 */
public record ScanReference(String registry, String repository, String tag, String digest) {
  public static final int MAX_LENGTH = 1024;

  public static ScanReference parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidNotification("reference: required");
    }
    if (reference.length() > MAX_LENGTH) {
      throw new InvalidNotification("reference: longer than " + MAX_LENGTH + " characters");
    }
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      throw new InvalidNotification("reference: expected host[:port]/repository[:tag|@digest]");
    }
    String host = reference.substring(0, slash);
    if (!DistributionGrammar.isRegistryHost(host)) {
      throw new InvalidNotification("reference: " + host + " is not a registry host[:port]");
    }
    String rest = reference.substring(slash + 1);
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DistributionGrammar.isDigest(digest)) {
        throw new InvalidNotification(
            "reference: not a digest (expected sha256:<64 lowercase hex>)");
      }
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!DistributionGrammar.isTag(tag)) {
        throw new InvalidNotification("reference: not a valid tag");
      }
    }
    if (!DistributionGrammar.isRepository(rest)) {
      throw new InvalidNotification("reference: not a valid repository name");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = "latest";
    }
    return new ScanReference(host, rest, tag, digest);
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag.isEmpty() ? "" : ":" + tag)
        + (digest.isEmpty() ? "" : "@" + digest);
  }
}
