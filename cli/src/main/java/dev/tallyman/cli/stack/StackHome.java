package dev.tallyman.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** The local stack's files under {@code <repo>/.tallyman/}: logs, pid files, ports, token, data. */
public record StackHome(Path repoRoot, Path dir) {

  /**
   * Repo root = {@code explicit} if given, else env TALLYMAN_HOME (set by bin/tallyman), else cwd.
   */
  public static StackHome detect(Path explicit, Map<String, String> env) {
    Path root;
    if (explicit != null) {
      root = explicit;
    } else if (env.get("TALLYMAN_HOME") != null && !env.get("TALLYMAN_HOME").isBlank()) {
      root = Path.of(env.get("TALLYMAN_HOME"));
    } else {
      root = Path.of("");
    }
    root = root.toAbsolutePath().normalize();
    return new StackHome(root, root.resolve(".tallyman"));
  }

  public Path logs() {
    return dir.resolve("logs");
  }

  public Path pids() {
    return dir.resolve("pids");
  }

  public Path log(String part) {
    return logs().resolve(part + ".log");
  }

  public Path workDir(String part) {
    return dir.resolve(part);
  }

  public Path propertiesFile() {
    return dir.resolve("stack.properties");
  }

  /** Creates .tallyman/ world-traversable: Elasticsearch may run as an unprivileged user. */
  public void create() {
    try {
      for (Path p : new Path[] {dir, logs(), pids()}) {
        Files.createDirectories(p);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The registry-notification token, generated once into .tallyman/webhook-token (mode 600). */
  public String webhookToken() {
    Path f = dir.resolve("webhook-token");
    try {
      if (Files.isRegularFile(f)) {
        String t = Files.readString(f).strip();
        if (!t.isEmpty()) {
          return t;
        }
      }
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      String token = HexFormat.of().formatHex(b);
      Files.createDirectories(dir);
      Files.writeString(f, token + "\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
