package dev.tallyman.analysis.catalog.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code package-lock.json} / {@code npm-shrinkwrap.json}: lockfile v2 and v3 list every
 * installed location under {@code "packages"} (keyed {@code node_modules/a/node_modules/b}); v1
 * only has the nested {@code "dependencies"} tree, which v2 also keeps for old npm versions. The
 * file is streamed: one {@code packages} entry at a time is held in memory.
 *
 * <p>Left out: the root project ({@code ""}), workspace links, entries marked {@code dev} (the
 * image's production install would not have them), and versions that are not registry versions
 * (git, file and tarball URLs name no release an advisory could be about).
 */
final class NpmLockfile {
  /** A locked package: npm name (aliases resolved to the real name) and version. */
  record Locked(String name, String version) {}

  private static final int MAX_ENTRIES = 200_000;
  private static final int MAX_V1_DEPTH = 64;

  private NpmLockfile() {}

  static List<Locked> read(JsonParser p, ObjectMapper mapper) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new JsonProcessingException("not a JSON object") {};
    }
    List<Locked> fromPackages = null;
    JsonNode v1 = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("packages") && value == JsonToken.START_OBJECT) {
        fromPackages = packages(p, mapper);
      } else if (field.equals("dependencies")
          && value == JsonToken.START_OBJECT
          && fromPackages == null) {
        v1 = mapper.readTree(p);
      } else {
        p.skipChildren();
      }
    }
    if (fromPackages != null) {
      return fromPackages;
    }
    List<Locked> out = new ArrayList<>();
    if (v1 != null) {
      dependencies(v1, 0, out);
    }
    return out;
  }

  private static List<Locked> packages(JsonParser p, ObjectMapper mapper) throws IOException {
    List<Locked> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken value = p.nextToken();
      if (value != JsonToken.START_OBJECT || key.isEmpty()) {
        p.skipChildren();
        continue;
      }
      JsonNode entry = mapper.readTree(p);
      int at = key.lastIndexOf("node_modules/");
      if (at < 0 || entry.path("link").asBoolean(false) || entry.path("dev").asBoolean(false)) {
        continue; // the root, workspace folders and links, dev-only packages
      }
      String name = text(entry, "name");
      if (name.isEmpty()) {
        name = key.substring(at + "node_modules/".length());
      }
      add(out, name, text(entry, "version"));
    }
    return out;
  }

  private static void dependencies(JsonNode deps, int depth, List<Locked> out) {
    if (depth > MAX_V1_DEPTH || !deps.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = deps.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode d = e.getValue();
      if (d.path("dev").asBoolean(false)) {
        continue;
      }
      String name = e.getKey();
      String version = text(d, "version");
      // An alias is locked as "npm:real-name@version".
      if (version.startsWith("npm:")) {
        int at = version.lastIndexOf('@');
        if (at > "npm:".length()) {
          name = version.substring("npm:".length(), at);
          version = version.substring(at + 1);
        }
      }
      add(out, name, version);
      dependencies(d.path("dependencies"), depth + 1, out);
    }
  }

  private static void add(List<Locked> out, String name, String version) {
    if (out.size() >= MAX_ENTRIES) {
      throw new IllegalStateException("more than " + MAX_ENTRIES + " locked packages");
    }
    if (name.isEmpty() || !isRegistryVersion(version)) {
      return;
    }
    out.add(new Locked(name, version));
  }

  /** Semver-shaped versions only: git, file, link and URL specs carry a ':' or '/'. */
  static boolean isRegistryVersion(String version) {
    return !version.isEmpty()
        && Character.isDigit(version.charAt(0))
        && version.indexOf(':') < 0
        && version.indexOf('/') < 0;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText().strip() : "";
  }
}
