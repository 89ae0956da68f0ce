package dev.tallyman.ingest.distribution;

import java.util.regex.Pattern;

/**
 * Names as the distribution spec defines them. Anything that fails here never reaches Kafka, so
 * downstream services can build registry URLs from these values without escaping.
 */
public final class DistributionGrammar {
  private DistributionGrammar() {}

  /** Distribution's repository name limit (host excluded). */
  public static final int MAX_REPOSITORY_LENGTH = 255;

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  // The algorithms the OCI image spec registers; hex must be lowercase.
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
  // host[:port] as it appears in a Host header: DNS name, IPv4 or bracketed IPv6.
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

  public static boolean isRepository(String name) {
    return name != null
        && name.length() <= MAX_REPOSITORY_LENGTH
        && REPOSITORY.matcher(name).matches();
  }

  public static boolean isTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  public static boolean isDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }

  public static boolean isRegistryHost(String host) {
    return host != null && host.length() <= 255 && HOST.matcher(host).matches();
  }
}
