package dev.tallyman.analysis.catalog.dpkg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses deb822 stanzas of /var/lib/dpkg/status (and status.d files). */
public final class DpkgStatusParser {
  private static final Pattern SOURCE = Pattern.compile("(\\S+)(?:\\s+\\((\\S+)\\))?");

  private DpkgStatusParser() {}

  public static List<DpkgEntry> parse(Reader reader) throws IOException {
    List<DpkgEntry> entries = new ArrayList<>();
    Map<String, String> fields = new HashMap<>();
    String lastKey = null;
    BufferedReader r = new BufferedReader(reader);
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank()) {
        add(entries, fields);
        fields.clear();
        lastKey = null;
      } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (lastKey != null && !lastKey.equals("description") && !lastKey.equals("conffiles")) {
          fields.merge(lastKey, " " + line.strip(), String::concat);
        }
      } else {
        int colon = line.indexOf(':');
        if (colon > 0) {
          lastKey = line.substring(0, colon).strip().toLowerCase();
          // Only keep the fields we use: descriptions and conffiles can be long.
          if (!lastKey.equals("description") && !lastKey.equals("conffiles")) {
            fields.put(lastKey, line.substring(colon + 1).strip());
          }
        }
      }
    }
    add(entries, fields);
    return entries;
  }

  private static void add(List<DpkgEntry> entries, Map<String, String> f) {
    String name = f.get("package");
    String version = f.get("version");
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      return;
    }
    String sourceName = "";
    String sourceVersion = "";
    String source = f.get("source");
    if (source != null) {
      Matcher m = SOURCE.matcher(source.strip());
      if (m.matches()) {
        sourceName = m.group(1);
        sourceVersion = m.group(2) == null ? "" : m.group(2);
      }
    }
    entries.add(
        new DpkgEntry(
            name,
            version,
            f.getOrDefault("architecture", ""),
            sourceName,
            sourceVersion,
            f.get("status")));
  }
}
