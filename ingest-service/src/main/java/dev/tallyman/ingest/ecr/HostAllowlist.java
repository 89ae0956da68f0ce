package dev.tallyman.ingest.ecr;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs we may fetch because a message named them (SNS signing certificates, subscription
 * confirmation URLs): an exact {@code host[:port]} or a {@code *.suffix} per entry, and https only
 * unless plain http is allowed (tests with a local stand-in). Nothing else is ever fetched, so a
 * forged message cannot make us fetch an attacker's URL or reach an internal one.
 */
public record HostAllowlist(List<String> hosts, boolean httpAllowed) {
  public HostAllowlist {
    hosts = hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** Null when the URL may be fetched, else why not. */
  public String refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return "not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || (httpAllowed && scheme.equals("http")))) {
      return "not an https URL";
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      return "no plain host";
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String authority = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    for (String allowed : hosts) {
      if (allowed.startsWith("*.")
          ? (uri.getPort() < 0 && host.endsWith(allowed.substring(1)))
          : allowed.equals(authority)) {
        return null;
      }
    }
    return "host " + authority + " is not allowed";
  }
}
