package dev.tallyman.advisory.severity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CVSS v3.0/v3.1 base vector and its base score, computed with the v3.1 specification formula
 * (section 7.1) and its Roundup (section Appendix A).
 */
public record CvssV3(String vector, String version, double baseScore) {
  private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

  /** Parses "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"; throws with the reason if invalid. */
  public static CvssV3 parse(String vector) {
    if (vector == null || vector.length() > 200) {
      throw new IllegalArgumentException("CVSS vector missing or too long");
    }
    String[] parts = vector.trim().split("/");
    String version;
    if (parts[0].equals("CVSS:3.1")) {
      version = "3.1";
    } else if (parts[0].equals("CVSS:3.0")) {
      version = "3.0";
    } else {
      throw new IllegalArgumentException("not a CVSS v3 vector: " + vector);
    }
    Map<String, String> m = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split(":", -1);
      if (kv.length != 2 || kv[0].isEmpty() || kv[1].isEmpty()) {
        throw new IllegalArgumentException("malformed CVSS metric '" + parts[i] + "'");
      }
      if (m.put(kv[0], kv[1]) != null) {
        throw new IllegalArgumentException("duplicate CVSS metric " + kv[0]);
      }
    }
    for (String k : BASE) {
      if (!m.containsKey(k)) {
        throw new IllegalArgumentException("CVSS vector lacks base metric " + k);
      }
    }
    boolean changed = scope(m.get("S"));
    double av = pick("AV", m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
    double ac = pick("AC", m.get("AC"), "L", 0.77, "H", 0.44);
    double pr =
        changed
            ? pick("PR", m.get("PR"), "N", 0.85, "L", 0.68, "H", 0.5)
            : pick("PR", m.get("PR"), "N", 0.85, "L", 0.62, "H", 0.27);
    double ui = pick("UI", m.get("UI"), "N", 0.85, "R", 0.62);
    double c = cia("C", m.get("C"));
    double in = cia("I", m.get("I"));
    double a = cia("A", m.get("A"));

    double iss = 1 - ((1 - c) * (1 - in) * (1 - a));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    double score;
    if (impact <= 0) {
      score = 0;
    } else if (changed) {
      score = roundup(Math.min(1.08 * (impact + exploitability), 10));
    } else {
      score = roundup(Math.min(impact + exploitability, 10));
    }
    return new CvssV3(vector.trim(), version, score);
  }

  public Severity severity() {
    return Severity.fromCvssScore(baseScore);
  }

  // v3.1 Roundup: smallest number with one decimal >= input, avoiding floating point artefacts.
  static double roundup(double input) {
    long intInput = Math.round(input * 100000);
    if (intInput % 10000 == 0) {
      return intInput / 100000.0;
    }
    return (Math.floor(intInput / 10000.0) + 1) / 10.0;
  }

  private static boolean scope(String s) {
    return switch (s) {
      case "U" -> false;
      case "C" -> true;
      default -> throw new IllegalArgumentException("invalid CVSS value S:" + s);
    };
  }

  private static double cia(String metric, String v) {
    return pick(metric, v, "H", 0.56, "L", 0.22, "N", 0.0);
  }

  private static double pick(String metric, String value, Object... table) {
    for (int i = 0; i < table.length; i += 2) {
      if (table[i].equals(value)) {
        return (Double) table[i + 1];
      }
    }
    throw new IllegalArgumentException("invalid CVSS value " + metric + ":" + value);
  }
}
