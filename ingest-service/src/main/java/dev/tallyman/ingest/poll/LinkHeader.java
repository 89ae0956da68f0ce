package dev.tallyman.ingest.poll;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code rel="next"} target of an RFC 5988 {@code Link} header, which Distribution sends on
 * paginated {@code _catalog} and {@code tags/list} answers. The target is resolved against the
 * request URI (Distribution sends a path-only reference) and must stay on the same origin, so a
 * hostile registry cannot point the poller, with its credentials, elsewhere.
 */
public final class LinkHeader {
  private LinkHeader() {}

  public static Optional<URI> next(String header, URI requestUri) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    for (String link : splitLinks(header)) {
      int open = link.indexOf('<');
      int close = link.indexOf('>', open + 1);
      if (open < 0 || close < 0) {
        continue;
      }
      String params = link.substring(close + 1);
      if (!hasRelNext(params)) {
        continue;
      }
      URI target;
      try {
        target = requestUri.resolve(link.substring(open + 1, close).strip());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      if (!sameOrigin(target, requestUri)) {
        return Optional.empty();
      }
      return Optional.of(target);
    }
    return Optional.empty();
  }

  // commas separate links, but only outside <...> (URIs may contain commas)
  private static List<String> splitLinks(String header) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"' && depth == 0) {
        quoted = !quoted;
      } else if (c == '<' && !quoted) {
        depth++;
      } else if (c == '>' && !quoted && depth > 0) {
        depth--;
      } else if (c == ',' && depth == 0 && !quoted) {
        out.add(header.substring(start, i));
        start = i + 1;
      }
    }
    out.add(header.substring(start));
    return out;
  }

  private static boolean hasRelNext(String params) {
    for (String param : params.split(";")) {
      int eq = param.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = param.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (name.equals("rel")) {
        for (String rel : value.toLowerCase(Locale.ROOT).split("\\s+")) {
          if (rel.equals("next")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }
}
