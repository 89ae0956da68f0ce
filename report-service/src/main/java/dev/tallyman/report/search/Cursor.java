package dev.tallyman.report.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code next} of a point-in-time search: the PIT id and the sort values of the last
 * hit. Clients cannot widen what they see by editing it: the query and the tenant filter are
 * rebuilt from the request and the caller on every page; a forged PIT id only fails.
 */
public record Cursor(String pitId, List<FieldValue> after) {
  public static final String START = "*";
  static final int MAX_CHARS = 8192;

  public String encode() {
    StringBuilder sb = new StringBuilder(pitId);
    for (FieldValue v : after) {
      sb.append('\n');
      if (v.isLong()) {
        sb.append('l').append(v.longValue());
      } else if (v.isDouble()) {
        sb.append('d').append(v.doubleValue());
      } else if (v.isBoolean()) {
        sb.append('b').append(v.booleanValue());
      } else if (v.isNull()) {
        sb.append('n');
      } else {
        sb.append('s').append(v.stringValue().replace("\\", "\\\\").replace("\n", "\\n"));
      }
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static Cursor decode(String text) {
    if (text.length() > MAX_CHARS) {
      throw new InvalidQueryException("cursor is too long");
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("cursor is not one this service issued");
    }
    String[] lines = raw.split("\n", -1);
    if (lines.length < 2 || lines[0].isEmpty()) {
      throw new InvalidQueryException("cursor is not one this service issued");
    }
    List<FieldValue> after = new ArrayList<>();
    try {
      for (int i = 1; i < lines.length; i++) {
        String l = lines[i];
        String v = l.isEmpty() ? "" : l.substring(1);
        after.add(
            switch (l.isEmpty() ? ' ' : l.charAt(0)) {
              case 'l' -> FieldValue.of(Long.parseLong(v));
              case 'd' -> FieldValue.of(Double.parseDouble(v));
              case 'b' -> FieldValue.of(Boolean.parseBoolean(v));
              case 'n' -> FieldValue.NULL;
              case 's' -> FieldValue.of(v.replace("\\n", "\n").replace("\\\\", "\\"));
              default -> throw new IllegalArgumentException();
            });
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException("cursor is not one this service issued");
    }
    return new Cursor(lines[0], after);
  }
}
