package dev.tallyman.advisory.feed.alpine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.Records;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secdb format shared by Alpine, Wolfi and Chainguard: {@code packages[].pkg.name} (the
 * origin/source package) and {@code secfixes: {fixed-version: [ids]}}. Version "0" means the
 * package was never affected. Records are accumulated per vulnerability id across files so one CVE
 * becomes one record with an affected entry per (ecosystem, package).
 */
public final class Secdb {
  // CVE ids plus the other id kinds Alpine lists (XSA, GHSA, ...); trailing comments are ignored.
  private static final Pattern ID =
      Pattern.compile(
          "\\b(CVE-\\d{4}-\\d{4,}|GHSA(?:-[0-9a-z]{4}){3}|[A-Z]{2,10}-\\d{1,6}(?:-\\d+)?)\\b");

  private final String idPrefix;
  private final String source;
  private final Map<String, Acc> byId = new LinkedHashMap<>();

  /**
   * @param idPrefix record ids become {@code <prefix>-<CVE>} ("ALPINE", "WOLFI", "CHAINGUARD")
   */
  public Secdb(String idPrefix, String source) {
    this.idPrefix = idPrefix;
    this.source = source;
  }

  /** Adds one secdb document (JSON or YAML bytes) for {@code ecosystem} ("Alpine:v3.19"). */
  public void add(byte[] doc, boolean yaml, String ecosystem, String repo, RecordErrors errors)
      throws IOException {
    JsonNode root;
    try {
      root = (yaml ? FeedJson.YAML : FeedJson.JSON).readTree(doc);
    } catch (IOException e) {
      throw new FeedUnavailableException(
          "unreadable secdb for " + ecosystem + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("packages").isArray()) {
      throw new FeedUnavailableException("secdb for " + ecosystem + " has no packages list");
    }
    for (JsonNode p : root.path("packages")) {
      JsonNode pkg = p.path("pkg");
      String name = pkg.path("name").asText("");
      if (name.isEmpty()) {
        errors.add(ecosystem + "/?", "package without name");
        continue;
      }
      JsonNode secfixes = pkg.path("secfixes");
      if (secfixes.isMissingNode() || secfixes.isNull()) {
        continue; // packages without fixes are listed too
      }
      if (!secfixes.isObject()) {
        errors.add(ecosystem + "/" + name, "secfixes is not a mapping");
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> it = secfixes.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> fix = it.next();
        String version = fix.getKey().trim();
        if (!fix.getValue().isArray()) {
          errors.add(ecosystem + "/" + name + "@" + version, "fixed ids are not a list");
          continue;
        }
        for (JsonNode idNode : fix.getValue()) {
          String text = idNode.asText("");
          Matcher m = ID.matcher(text);
          boolean any = false;
          while (m.find()) {
            any = true;
            add(m.group(1), ecosystem, repo, name, version);
          }
          if (!any) {
            errors.add(
                ecosystem + "/" + name + "@" + version, "no vulnerability id in '" + text + "'");
          }
        }
      }
    }
  }

  private void add(String vulnId, String ecosystem, String repo, String pkg, String version) {
    Acc acc = byId.computeIfAbsent(vulnId, Acc::new);
    boolean notAffected = "0".equals(version);
    ObjectNode db = FeedJson.object();
    db.put("status", notAffected ? Records.NOT_AFFECTED : Records.FIXED);
    if (repo != null) {
      db.put("repo", repo);
    }
    String distro =
        ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
    String purl = "pkg:apk/" + distro.toLowerCase(java.util.Locale.ROOT) + "/" + pkg;
    acc.affected.add(
        Records.affected(ecosystem, pkg, purl, notAffected ? null : version, notAffected, db));
  }

  /** The records accumulated so far. */
  public List<OsvRecord> records() {
    List<OsvRecord> out = new ArrayList<>(byId.size());
    for (Acc a : byId.values()) {
      ObjectNode db = FeedJson.object();
      db.put("source", source);
      List<String> upstream =
          a.id.startsWith("CVE-") || a.id.startsWith("GHSA-") ? List.of(a.id) : List.of();
      out.add(
          Records.distro(
              idPrefix + "-" + a.id,
              null,
              List.of(),
              upstream,
              null,
              null,
              List.of(),
              List.copyOf(a.affected),
              List.of(),
              db));
    }
    return out;
  }

  private static final class Acc {
    final String id;
    final List<OsvAffected> affected = new ArrayList<>();

    Acc(String id) {
      this.id = id;
    }
  }
}
