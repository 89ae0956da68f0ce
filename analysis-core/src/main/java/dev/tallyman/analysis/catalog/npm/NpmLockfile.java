package dev.tallyman.analysis.catalog.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code package-lock.json} / {@code npm-shrinkwrap.json}: lockfile v2 and v3 list every
 * installed location under {@code "packages"} (keyed {@code node_modules/a/node_modules/b}); v1
 * only has the nested {@code "dependencies"} tree, which v2 also keeps for old npm versions. The
 * file is streamed: one {@code packages} entry at a time is held in memory, and the v1 tree is
 * walked without building it.
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
    List<Locked> v1 = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("packages") && value == JsonToken.START_OBJECT) {
        fromPackages = packages(p, mapper);
      } else if (field.equals("dependencies")
          && value == JsonToken.START_OBJECT
          && fromPackages == null) {
        v1 = new ArrayList<>();
        dependencies(p, 0, v1);
      } else {
        p.skipChildren();
      }
    }
    if (fromPackages != null) {
      return fromPackages;
    }
    return v1 != null ? v1 : List.of();
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

  /**
   * A v1 {@code "dependencies"} object, streamed: each entry's {@code version} and {@code dev},
   * then its own nested {@code dependencies}. The parser sits on the object's START_OBJECT.
   */
  private static void dependencies(JsonParser p, int depth, List<Locked> out) throws IOException {
    if (depth > MAX_V1_DEPTH) {
      throw new JsonProcessingException("dependencies nested deeper than " + MAX_V1_DEPTH) {};
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String version = "";
      boolean dev = false;
      List<Locked> nested = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("version") && value == JsonToken.VALUE_STRING) {
          version = p.getText().strip();
        } else if (field.equals("dev") && value == JsonToken.VALUE_TRUE) {
          dev = true;
        } else if (field.equals("dependencies") && value == JsonToken.START_OBJECT) {
          dependencies(p, depth + 1, nested);
        } else {
          p.skipChildren();
        }
      }
      if (dev) {
        continue; // npm marks every package only dev ones need as dev, nested ones too
      }
      // An alias is locked as "npm:real-name@version".
      if (version.startsWith("npm:")) {
        int at = version.lastIndexOf('@');
        if (at > "npm:".length()) {
          name = version.substring("npm:".length(), at);
          version = version.substring(at + 1);
        }
      }
      add(out, name, version);
      for (Locked l : nested) {
        add(out, l.name(), l.version());
      }
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
