package dev.tallyman.analysis.catalog.composer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Json;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.Purls;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.util.List;

/**
 * PHP packages Composer installed: {@code vendor/composer/installed.json}, a plain array of
 * packages (Composer 1) or {@code {"packages": [...]}} (Composer 2). Everything listed is in the
 * vendor directory, including dev packages when they were installed, so all are reported.
 */
public final class ComposerInstalledCataloger implements Cataloger {
  static final long MAX_BYTES = 32L * 1024 * 1024;

  @Override
  public String name() {
    return "composer";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(p -> p.endsWith("/vendor/composer/installed.json"), MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    return Json.packages(
        file,
        MAX_BYTES,
        (p, out) -> {
          JsonToken first = p.nextToken();
          if (first == JsonToken.START_ARRAY) {
            packages(p, file, out);
          } else if (first == JsonToken.START_OBJECT) {
            Json.field(p, "packages", JsonToken.START_ARRAY, () -> packages(p, file, out));
          } else {
            throw new JsonProcessingException("neither an array nor an object") {};
          }
        });
  }

  /** One package object at a time is held in memory. */
  private static void packages(JsonParser p, ImageFile file, List<Package> out) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw new JsonProcessingException("unexpected end of input") {};
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      JsonNode pkg = Json.MAPPER.readTree(p);
      String name = Json.text(pkg, "name");
      String version = Json.text(pkg, "version");
      int slash = name.indexOf('/');
      if (slash <= 0 || slash == name.length() - 1 || version.isEmpty()) {
        continue; // Composer names are always vendor/project
      }
      out.add(
          Package.of(
              "Packagist",
              name,
              version,
              Purls.of("composer", name.substring(0, slash), name.substring(slash + 1), version),
              file));
    }
  }
}
