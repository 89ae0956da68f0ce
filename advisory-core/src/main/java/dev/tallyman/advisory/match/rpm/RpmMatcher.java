package dev.tallyman.advisory.match.rpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Matcher;
import dev.tallyman.advisory.osv.OsvEvent;
import dev.tallyman.advisory.osv.OsvRange;
import dev.tallyman.advisory.version.InvalidVersionException;
import dev.tallyman.advisory.version.VersionScheme;
import dev.tallyman.advisory.version.VersionSchemes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * rpm-based distributions. Red Hat's CSAF VEX names SOURCE rpms, so a binary package (openssl-libs)
 * is matched through the source rpm name the rpm database records ({@code
 * openssl-3.0.7-27.el9.src.rpm} → openssl), compared as {@code [epoch:]version-release} with
 * rpmvercmp. The source rpm file name carries no epoch: the binary's epoch is the build's and is
 * put in front of the source version. The AlmaLinux and Rocky Linux OSV records list every BINARY
 * rpm with its own version, so those are matched by the binary name and version.
 *
 * <p>Release: Red Hat entries name a platform CPE ({@code Red Hat:enterprise_linux:9::appstream});
 * only {@code enterprise_linux} platforms of the image's major release apply (RHEL and UBI images
 * alike; EUS/AUS/E4S streams and layered products are other builds). AlmaLinux and Rocky Linux use
 * {@code AlmaLinux:9}, {@code Rocky Linux:9}.
 *
 * <p>Module streams: a package built in a stream (MODULARITYLABEL {@code nodejs:18:...}) matches
 * only entries for that stream ({@code database_specific.module}), and a package outside streams
 * only entries without one: the same source name in another stream is a different build.
 */
public final class RpmMatcher implements Matcher {
  private final String family;
  private final boolean bySource;
  private final VersionScheme scheme;

  /**
   * @param bySource whether the family's feeds name source rpms (Red Hat's CSAF VEX) or binary rpms
   *     (the AlmaLinux and Rocky Linux OSV records list each built package with its own version)
   */
  public RpmMatcher(String family, boolean bySource) {
    this.family = family;
    this.bySource = bySource;
    this.scheme =
        VersionSchemes.forEcosystem(family)
            .orElseThrow(() -> new IllegalArgumentException("no version scheme for " + family));
  }

  public static RpmMatcher redHat() {
    return new RpmMatcher("Red Hat", true);
  }

  public static RpmMatcher almaLinux() {
    return new RpmMatcher("AlmaLinux", false);
  }

  public static RpmMatcher rockyLinux() {
    return new RpmMatcher("Rocky Linux", false);
  }

  @Override
  public String name() {
    return family.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  @Override
  public boolean filter(InstalledPackage pkg) {
    return VersionSchemes.family(pkg.ecosystem()).equalsIgnoreCase(family);
  }

  @Override
  public Lookup lookup(InstalledPackage pkg, Distro distro, AdvisoryIndex index) {
    String source = bySource ? pkg.effectiveSourceName() : pkg.name();
    String major = major(distro.versionId());
    String stream = pkg.moduleStream();
    String version = bySource ? version(pkg) : pkg.version();
    List<AdvisoryIndex.Entry> entries = new ArrayList<>();
    for (AdvisoryIndex.Entry e : index.lookup(family, source)) {
      if (appliesTo(e.ecosystem(), major) && sameStream(stream, e)) {
        entries.add(e);
      }
    }
    return new Lookup(source, version, byStream(entries, version), scheme, true);
  }

  /**
   * One major release gets a fix per minor z-stream ({@code 7.76.1-23.el9_2.4} for 9.2 main/EUS,
   * {@code 7.76.1-26.el9_3.2} for 9.3): an installed build is judged by the fix of its own stream
   * (its dist tag, {@code el9_2}) when it is at or past that fix; otherwise every fix applies and
   * its own stream's is named first. Copies of one fix (baseos, appstream; CSAF and OSV) repeat the
   * same answer, of which the first stands.
   */
  private List<AdvisoryIndex.Entry> byStream(List<AdvisoryIndex.Entry> entries, String installed) {
    String tag = distTag(installed);
    scheme.key(installed); // an invalid installed version is the caller's error, not a feed's
    // decided per vulnerability: being fixed for one CVE says nothing about another
    Map<String, List<AdvisoryIndex.Entry>> own = new LinkedHashMap<>();
    Map<String, List<AdvisoryIndex.Entry>> other = new LinkedHashMap<>();
    Set<String> fixedInOwn = new HashSet<>();
    for (AdvisoryIndex.Entry e : entries) {
      String vuln = e.vulnerability().id();
      String fix = fixed(e);
      if (fix != null && distTag(fix).equals(tag)) {
        own.computeIfAbsent(vuln, k -> new ArrayList<>()).add(e);
        try {
          if (scheme.compare(installed, fix) >= 0) {
            fixedInOwn.add(vuln);
          }
        } catch (InvalidVersionException ex) {
          // a fix no one can order decides nothing; the entry still shows in explanations
        }
      } else {
        other.computeIfAbsent(vuln, k -> new ArrayList<>()).add(e);
      }
    }
    List<AdvisoryIndex.Entry> out = new ArrayList<>();
    own.values().forEach(out::addAll);
    other.forEach(
        (vuln, list) -> {
          if (!fixedInOwn.contains(vuln)) {
            out.addAll(list);
          }
        });
    return out;
  }

  // ".el9_2" in a z-stream build, "module+el8.9.0+" (Alma: "module_el8.8.0+") in a module build
  private static final Pattern DIST_TAG =
      Pattern.compile("\\.el(\\d+)(?:_(\\d+))?|[+_]el(\\d+)\\.(\\d+)");

  /** "3.0.7-27.el9_2.1" → "el9_2"; "…module+el8.9.0+…" → "el8_9"; "" without a RHEL dist tag. */
  static String distTag(String evr) {
    int dash = evr.lastIndexOf('-');
    java.util.regex.Matcher m = DIST_TAG.matcher(dash < 0 ? "" : evr.substring(dash));
    if (!m.find()) {
      return "";
    }
    String major = m.group(1) != null ? m.group(1) : m.group(3);
    String minor = m.group(1) != null ? m.group(2) : m.group(4);
    return minor == null ? "el" + major : "el" + major + "_" + minor;
  }

  private static String fixed(AdvisoryIndex.Entry e) {
    for (OsvRange r : e.affected().ranges()) {
      for (OsvEvent ev : r.events()) {
        if (ev.fixed() != null) {
          return ev.fixed();
        }
      }
    }
    return null;
  }

  /** The source package's {@code [epoch:]version-release}: the binary's epoch, the source's V-R. */
  static String version(InstalledPackage pkg) {
    if (pkg.sourceVersion().isEmpty()) {
      return pkg.version();
    }
    int colon = pkg.version().indexOf(':');
    if (colon > 0 && pkg.sourceVersion().indexOf(':') < 0) {
      String epoch = pkg.version().substring(0, colon);
      return epoch.equals("0") ? pkg.sourceVersion() : epoch + ":" + pkg.sourceVersion();
    }
    return pkg.sourceVersion();
  }

  /** "9.3" → "9"; "" when unknown. */
  static String major(String versionId) {
    String v = versionId.trim();
    int dot = v.indexOf('.');
    return dot < 0 ? v : v.substring(0, dot);
  }

  /**
   * Whether an entry is for the package's module stream. Entries naming a stream must name the
   * package's; AlmaLinux/Rocky OSV records name none, so there a module build's fix (release {@code
   * ...module+el9.4.0+...}) only answers for packages from some stream and a plain build's only for
   * packages outside streams — the stream itself cannot be told apart.
   */
  private boolean sameStream(String stream, AdvisoryIndex.Entry e) {
    String m = module(e);
    if (bySource || !m.isEmpty()) {
      return stream.equals(m);
    }
    String fix = fixed(e);
    return fix == null || moduleBuild(fix) == !stream.isEmpty();
  }

  /** "0:3.3.1-2.module+el9.4.0+20787+4c237fd3", "10.3.39-1.module_el8.8.0+3609+204d4ab0". */
  static boolean moduleBuild(String evr) {
    int dash = evr.lastIndexOf('-');
    return dash >= 0 && evr.indexOf(".module", dash) >= 0;
  }

  /** The entry's module stream ("nodejs:18"), "" when it names none. */
  static String module(AdvisoryIndex.Entry e) {
    JsonNode db = e.affected().databaseSpecific();
    String m = db == null ? "" : db.path("module").asText("");
    String[] parts = m.split(":");
    return parts.length >= 2 ? parts[0] + ":" + parts[1] : m;
  }

  // "Red Hat:enterprise_linux:9::appstream" on 9; "AlmaLinux:9" on 9; a release-less family name
  // everywhere; nothing when the image's release is unknown
  boolean appliesTo(String ecosystem, String major) {
    String[] parts = ecosystem.split(":", -1);
    if (!parts[0].trim().equalsIgnoreCase(family)) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    if (major.isEmpty()) {
      return false;
    }
    if (family.equalsIgnoreCase("Red Hat")) {
      // CPE remainder: product:version:update:edition ("enterprise_linux:9::appstream")
      return parts.length >= 3
          && parts[1].equals("enterprise_linux")
          && major(parts[2]).equals(major);
    }
    return major(parts[1]).equals(major);
  }
}
