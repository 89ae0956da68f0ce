package dev.tallyman.analysis.catalog.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/** The operating system as /etc/os-release describes it (empty fields when unknown). */
public record OsRelease(
    String id, String versionId, String versionCodename, String prettyName, String idLike) {
  public static final OsRelease UNKNOWN = new OsRelease("", "", "", "", "");

  public boolean isKnown() {
    return !id.isEmpty();
  }

  /** os-release(5): KEY=value lines, values optionally quoted with shell-style escapes. */
  public static OsRelease parse(String text) {
    Map<String, String> values = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        int eq = line.indexOf('=');
        if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
          continue;
        }
        values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // StringReader does not fail
    }
    return new OsRelease(
        values.getOrDefault("ID", "").toLowerCase(),
        values.getOrDefault("VERSION_ID", ""),
        values.getOrDefault("VERSION_CODENAME", ""),
        values.getOrDefault("PRETTY_NAME", ""),
        values.getOrDefault("ID_LIKE", ""));
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length()) {
          c = v.charAt(++i);
        }
        out.append(c);
      }
      return out.toString();
    }
    return v;
  }
}
