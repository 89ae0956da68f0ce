package dev.tallyman.advisory.feed.wolfi;

import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.SnapshotFeed;
import dev.tallyman.advisory.feed.alpine.Secdb;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Wolfi and Chainguard secdb ({@code security.json}, Alpine's secdb format without branches):
 * ecosystem {@code Wolfi} or {@code Chainguard}, ids {@code WOLFI-CVE-...}/{@code
 * CHAINGUARD-CVE-...} with the CVE as upstream. The cursor is the document hash.
 */
public final class WolfiSecdbFeed extends SnapshotFeed<byte[]> {
  private final String distro;
  private final String path;

  /**
   * @param distro "Wolfi" or "Chainguard" (the OSV ecosystem name)
   */
  public WolfiSecdbFeed(String distro, Fetcher fetcher, String path) {
    super(fetcher);
    this.distro = distro;
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
  protected List<String> paths() {
    return List.of(path);
  }

  @Override
  protected byte[] read(List<Doc> docs) throws IOException {
    return docs.get(0).read(256L << 20);
  }

  @Override
  protected Parsed parse(byte[] doc, RecordErrors errors) throws IOException {
    Secdb secdb = new Secdb(distro.toUpperCase(Locale.ROOT), name() + "-secdb");
    secdb.add(doc, false, distro, null, errors);
    return Parsed.records(secdb.records());
  }
}
