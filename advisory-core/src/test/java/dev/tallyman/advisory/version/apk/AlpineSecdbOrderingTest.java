package dev.tallyman.advisory.version.apk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real Alpine secdb (v3.3 to v3.11, from ../shared): every fixed version parses, the ordering is a
 * consistent total order on each package's versions, and what the data implies holds: a later
 * package revision (-rN) of the same upstream version is newer. A few secdb keys are not apk
 * versions at all ("2.7.16-33": '-' not followed by 'r'); apk-tools refuses them and so do we.
 */
class AlpineSecdbOrderingTest {
  private static final Pattern PKG = Pattern.compile("^\\s*name:\\s*(\\S+)\\s*$");
  private static final Pattern FIX = Pattern.compile("^\\s+['\"]?([0-9][^\\s:'\"]*)['\"]?:\\s*$");
  private static final Pattern NOT_APK = Pattern.compile(".*-[^r].*");
  private static final Pattern REV = Pattern.compile("(.*)-r(\\d+)");
  private final ApkVersionScheme scheme = new ApkVersionScheme("Alpine");

  static Path secdb() {
    return dev.tallyman.advisory.SharedData.advisories().resolve("alpine/alpine-secdb-yaml");
  }

  private static Map<String, List<String>> versionsByPackage(Path dir) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String pkg = null;
        for (String line : Files.readAllLines(f)) {
          Matcher m = PKG.matcher(line);
          if (m.matches()) {
            pkg = f.getParent().getFileName() + "/" + m.group(1);
          } else if (pkg != null && (m = FIX.matcher(line)).matches()) {
            out.computeIfAbsent(pkg, k -> new ArrayList<>()).add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void everySecdbVersionParsesAndOrdersConsistently() throws IOException {
    Path dir = secdb();
    Map<String, List<String>> byPkg = versionsByPackage(dir);
    List<String> problems = new ArrayList<>();
    int versions = 0;
    int revisionPairs = 0;
    int invalid = 0;
    for (var e : byPkg.entrySet()) {
      List<String> vs = new ArrayList<>(new TreeSet<>(e.getValue()));
      versions += vs.size();
      for (String v : vs) {
        if (!scheme.isValid(v)) {
          invalid++;
          if (!NOT_APK.matcher(v).matches()) {
            problems.add(e.getKey() + " " + v + " rejected");
          }
        } else if (NOT_APK.matcher(v).matches()) {
          problems.add(e.getKey() + " " + v + " accepted but has '-' without 'r'");
        }
      }
      vs.removeIf(v -> !scheme.isValid(v));
      vs.sort(scheme::compare);
      for (int i = 0; i < vs.size(); i++) {
        for (int j = i + 1; j < vs.size(); j++) {
          String a = vs.get(i);
          String b = vs.get(j);
          if (scheme.compare(a, b) > 0 || scheme.compare(b, a) < 0) {
            problems.add(e.getKey() + " not a total order: " + a + " vs " + b);
          }
          Matcher ra = REV.matcher(a);
          Matcher rb = REV.matcher(b);
          if (ra.matches() && rb.matches() && ra.group(1).equals(rb.group(1))) {
            revisionPairs++;
            int byRevision =
                new java.math.BigInteger(ra.group(2))
                    .compareTo(new java.math.BigInteger(rb.group(2)));
            if (Integer.signum(byRevision) != scheme.compare(a, b)) {
              problems.add(e.getKey() + " revision order: " + a + " vs " + b);
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(versions).isGreaterThan(1000);
    assertThat(invalid).isBetween(1, 20);
    assertThat(revisionPairs).isGreaterThan(50);
  }
}
