package dev.tallyman.analysis.catalog.apk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /lib/apk/db/installed: records of {@code X:value} lines separated by blank lines. File
 * lists ({@code F:}, {@code R:}, {@code Z:}, ...) are skipped line by line and never kept.
 */
public final class ApkDbParser {
  /** Longest value kept; longer lines are cut as they are read (they are never legitimate). */
  private static final int MAX_VALUE = 4096;

  private ApkDbParser() {}

  /** Records without a name or version ({@code P:}/{@code V:}) are counted in {@code skipped}. */
  public static List<ApkEntry> parse(Reader reader, int[] skipped) throws IOException {
    List<ApkEntry> entries = new ArrayList<>();
    Map<Character, String> fields = new HashMap<>();
    BufferedReader r = new BufferedReader(reader);
    String line;
    while ((line = readLine(r)) != null) {
      if (line.isBlank()) {
        add(entries, fields, skipped);
        fields.clear();
      } else if (line.length() >= 2 && line.charAt(1) == ':') {
        char key = line.charAt(0);
        if ("PVAomL".indexOf(key) >= 0) {
          fields.put(key, line.substring(2).strip());
        }
      }
    }
    add(entries, fields, skipped); // the last record need not end with a blank line
    return entries;
  }

  /**
   * Like {@link BufferedReader#readLine} (LF or CRLF), but keeps at most {@code 2 + MAX_VALUE}
   * characters of a line, so one endless line cannot exhaust memory.
   */
  private static String readLine(BufferedReader r) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = r.read()) >= 0 && c != '\n') {
      if (line.length() < MAX_VALUE + 2) {
        line.append((char) c);
      }
    }
    if (c < 0 && line.isEmpty()) {
      return null;
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return line.toString();
  }

  private static void add(List<ApkEntry> entries, Map<Character, String> f, int[] skipped) {
    if (f.isEmpty()) {
      return;
    }
    String name = f.getOrDefault('P', "");
    String version = f.getOrDefault('V', "");
    if (name.isEmpty() || version.isEmpty()) {
      skipped[0]++;
      return;
    }
    entries.add(
        new ApkEntry(
            name,
            version,
            f.getOrDefault('A', ""),
            f.getOrDefault('o', ""),
            f.getOrDefault('m', ""),
            f.getOrDefault('L', "")));
  }
}
