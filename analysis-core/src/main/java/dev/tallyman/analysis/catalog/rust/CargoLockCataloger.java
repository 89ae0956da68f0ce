package dev.tallyman.analysis.catalog.rust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.TransportGuard;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rust crates locked by a {@code Cargo.lock} (formats v1 to v4 share the {@code [[package]]} array
 * of tables with {@code name}, {@code version} and {@code source}). Packages without a source are
 * the workspace's own crates, which were never published, so they are left out; registry and git
 * sources are kept.
 */
public final class CargoLockCataloger implements Cataloger {
  /** Lockfiles of very large workspaces stay under 2 MiB; the TOML tree is held in memory. */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  private static final TomlMapper TOML = new TomlMapper();

  @Override
  public String name() {
    return "cargo-lock";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(p -> LayerPaths.baseName(p).equals("Cargo.lock"), MAX_BYTES);
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    JsonNode root;
    try {
      root = TOML.readTree(new LimitedInputStream(file.content(), MAX_BYTES, file.path()));
    } catch (IOException e) {
      if (TransportGuard.find(e) != null) {
        throw e;
      }
      file.notes().add("skipped unreadable " + file.path() + ": " + e.getMessage());
      return List.of();
    }
    JsonNode packages = root == null ? null : root.get("package");
    if (packages == null || !packages.isArray()) {
      file.notes().add("skipped " + file.path() + ": no [[package]] entries");
      return List.of();
    }
    List<Package> out = new ArrayList<>();
    for (JsonNode p : packages) {
      String name = text(p, "name");
      String version = text(p, "version");
      if (name.isEmpty() || version.isEmpty() || text(p, "source").isEmpty()) {
        continue;
      }
      out.add(CargoPackages.of(name, version, file.path(), file.layer()));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText().strip() : "";
  }
}
