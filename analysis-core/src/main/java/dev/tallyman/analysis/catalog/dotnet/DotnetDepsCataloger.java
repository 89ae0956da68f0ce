package dev.tallyman.analysis.catalog.dotnet;

import com.fasterxml.jackson.core.JsonParser;
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
 * NuGet packages a .NET application was published with: the {@code libraries} of its {@code
 * APP.deps.json}, keyed {@code Name/Version}. Only entries of type {@code package} came from NuGet;
 * {@code project} and {@code reference} entries are the application's own assemblies. The file is
 * streamed: the (large) {@code targets} object is skipped unparsed.
 */
public final class DotnetDepsCataloger implements Cataloger {
  static final long MAX_BYTES = 32L * 1024 * 1024;

  @Override
  public String name() {
    return "dotnet-deps";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(p -> p.endsWith(".deps.json"), MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    return Json.packages(
        file,
        MAX_BYTES,
        (p, out) -> {
          Json.startObject(p);
          Json.field(p, "libraries", JsonToken.START_OBJECT, () -> libraries(p, file, out));
        });
  }

  private static void libraries(JsonParser p, ImageFile file, List<Package> out)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      JsonNode library = Json.MAPPER.readTree(p);
      int slash = key.indexOf('/');
      if (!Json.text(library, "type").equals("package") || slash <= 0) {
        continue;
      }
      String name = key.substring(0, slash).strip();
      String version = key.substring(slash + 1).strip();
      if (name.isEmpty() || version.isEmpty()) {
        continue;
      }
      out.add(Package.of("NuGet", name, version, Purls.of("nuget", null, name, version), file));
    }
  }
}
