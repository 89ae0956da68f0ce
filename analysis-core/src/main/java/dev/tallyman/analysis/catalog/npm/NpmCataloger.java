package dev.tallyman.analysis.catalog.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.TransportGuard;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.IOException;
import java.util.List;

/**
 * Installed npm packages: the {@code package.json} at the top of each package directory under a
 * {@code node_modules} folder ({@code node_modules/NAME/} or {@code node_modules/@SCOPE/NAME/}).
 * Other package.json files (a project's own, or marker files deeper inside a package) are not
 * installed packages and are not read.
 */
public final class NpmCataloger implements Cataloger {
  private static final long MAX_BYTES = 4L * 1024 * 1024;
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(200)
                  .maxStringLength(1024 * 1024)
                  .build())
          .build();

  @Override
  public String name() {
    return "npm";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(NpmCataloger::isInstalledManifest, MAX_BYTES);
  }

  static boolean isInstalledManifest(String path) {
    if (!path.endsWith("/package.json")) {
      return false;
    }
    String[] parts = path.split("/");
    int n = parts.length; // parts[n-1] is package.json, parts[n-2] the package directory
    if (n >= 4 && parts[n - 3].equals("node_modules")) {
      return !parts[n - 2].startsWith("@") && !parts[n - 2].startsWith(".");
    }
    return n >= 5 && parts[n - 4].equals("node_modules") && parts[n - 3].startsWith("@");
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    String name = null;
    String version = null;
    try (JsonParser p =
        JSON.createParser(new LimitedInputStream(file.content(), MAX_BYTES, file.path()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonProcessingException("not a JSON object") {};
      }
      // Only top-level "name" and "version" matter; everything else is skipped unparsed.
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("name")) {
          name = p.getText().strip();
        } else if (value == JsonToken.VALUE_STRING && field.equals("version")) {
          version = p.getText().strip();
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      if (TransportGuard.find(e) != null) {
        throw e; // the layer stream failed, not this file
      }
      String reason =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      file.notes().add("skipped unreadable " + file.path() + ": " + reason);
      return List.of();
    }
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Package(
            "npm", name, version, purl(name, version), "", "", "", file.path(), file.layer()));
  }

  /** pkg:npm/%40scope/name@version. */
  static String purl(String name, String version) {
    try {
      int slash = name.indexOf('/');
      boolean scoped = name.startsWith("@") && slash > 0;
      return PackageURLBuilder.aPackageURL()
          .withType("npm")
          .withNamespace(scoped ? name.substring(0, slash) : null)
          .withName(scoped ? name.substring(slash + 1) : name)
          .withVersion(version)
          .build()
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      return "";
    }
  }
}
