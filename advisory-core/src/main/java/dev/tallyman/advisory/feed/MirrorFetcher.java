package dev.tallyman.advisory.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** Reads a feed from a local directory laid out like its server (air-gapped mirrors). */
public final class MirrorFetcher implements Fetcher {
  private final Path root;

  public MirrorFetcher(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Fetched fetch(String path, Map<String, String> query) throws IOException {
    Path p = inside(path);
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new FeedUnavailableException("mirror has no file " + p);
    }
    return new Fetched(p, false, Files.size(p));
  }

  @Override
  public boolean isDirectory(String path) {
    try {
      return Files.isDirectory(inside(path), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Path directory(String path) throws IOException {
    Path p = inside(path);
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new FeedUnavailableException("mirror has no directory " + p);
    }
    return p;
  }

  // Feed paths come from feed content (changes.csv, modified_id.csv): never leave the root.
  private Path inside(String path) throws IOException {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new IOException("path escapes the mirror: " + path);
    }
    return p;
  }

  @Override
  public String describe() {
    return root.toString();
  }
}
