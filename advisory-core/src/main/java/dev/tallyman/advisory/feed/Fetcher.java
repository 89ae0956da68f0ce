package dev.tallyman.advisory.feed;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gets one file of a feed by its path relative to the feed root: over HTTP from a configurable base
 * URL ({@link HttpFetcher}) or from a local mirror directory ({@link MirrorFetcher}) when offline.
 * Downloads are complete files on disk or an exception, never a partial stream.
 */
public interface Fetcher {

  /** Fetches {@code path} (with optional query parameters; a mirror ignores them). */
  Fetched fetch(String path, Map<String, String> query) throws IOException;

  /** Whether {@code path} can be listed as a directory (mirrors only). */
  default boolean isDirectory(String path) {
    return false;
  }

  /** The local directory for {@code path} when this is a mirror. */
  default Path directory(String path) throws IOException {
    throw new IOException("not a local mirror: " + describe());
  }

  String describe();

  /** A fetched file; closing removes it when it was a temp download. */
  record Fetched(Path path, boolean temporary, long bytes) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (temporary) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** An HTTP fetcher when {@code location} is an http(s) URL, else a mirror directory. */
  static Fetcher of(String location, Map<String, String> headers) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      return new HttpFetcher(URI.create(location), headers, HttpFetcher.DEFAULT_MAX_BYTES);
    }
    return new MirrorFetcher(Path.of(location));
  }
}
