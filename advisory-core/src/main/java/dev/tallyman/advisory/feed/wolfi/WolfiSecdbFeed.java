package dev.tallyman.advisory.feed.wolfi;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Digests;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.alpine.Secdb;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Wolfi and Chainguard secdb ({@code security.json}, Alpine's secdb format without branches):
 * ecosystem {@code Wolfi} or {@code Chainguard}, ids {@code WOLFI-CVE-...}/{@code
 * CHAINGUARD-CVE-...} with the CVE as upstream. The cursor is the document hash.
 */
public final class WolfiSecdbFeed implements Feed {
  private final String distro;
  private final Fetcher fetcher;
  private final String path;

  /**
   * @param distro "Wolfi" or "Chainguard" (the OSV ecosystem name)
   */
  public WolfiSecdbFeed(String distro, Fetcher fetcher, String path) {
    this.distro = distro;
    this.fetcher = fetcher;
    this.path = path;
  }

  public static WolfiSecdbFeed wolfi(Fetcher fetcher) {
    return new WolfiSecdbFeed("Wolfi", fetcher, "security.json");
  }

  public static WolfiSecdbFeed chainguard(Fetcher fetcher) {
    return new WolfiSecdbFeed("Chainguard", fetcher, "security.json");
  }

  @Override
  public String name() {
    return distro.toLowerCase(Locale.ROOT);
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    try (Fetcher.Fetched f = fetcher.fetch(path, Map.of())) {
      String hash = Digests.sha256(f.path());
      if (hash.equals(cursor)) {
        return FeedUpdate.unchanged(name(), cursor);
      }
      RecordErrors errors = new RecordErrors();
      Secdb secdb = new Secdb(distro.toUpperCase(Locale.ROOT), name() + "-secdb");
      secdb.add(Archives.read(f.path(), 256L << 20), false, distro, null, errors);
      return FeedUpdate.full(name(), secdb.records(), errors, hash);
    }
  }
}
