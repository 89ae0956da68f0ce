package dev.tallyman.advisory.feed.osv;

import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * OSV records published as one repository snapshot (GitHub Advisory Database, Ubuntu security
 * notices, Chainguard): a zip of the repository over HTTP, or the checked-out directory in a
 * mirror. Only files whose path passes the filter are read. With a cursor, only records modified
 * after it are returned (incremental); the new cursor is the newest {@code modified} seen.
 */
public class OsvArchiveFeed implements Feed {
  private final String name;
  private final Fetcher fetcher;
  private final String path;
  private final Predicate<String> wanted;

  /**
   * @param path the archive ({@code *.zip}) or, in a mirror, a directory
   * @param wanted filter on the record's path inside the archive
   */
  public OsvArchiveFeed(String name, Fetcher fetcher, String path, Predicate<String> wanted) {
    this.name = name;
    this.fetcher = fetcher;
    this.path = path;
    this.wanted = wanted;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    RecordErrors errors = new RecordErrors();
    List<OsvRecord> all;
    if (fetcher.isDirectory(path)) {
      all = OsvFiles.fromDirectory(fetcher.directory(path), wanted, errors);
    } else {
      try (Fetcher.Fetched zip = fetcher.fetch(path, Map.of())) {
        all = OsvFiles.fromZip(zip.path(), wanted, errors);
      }
    }
    String newest = OsvFiles.newestModified(all);
    if (cursor == null || cursor.isBlank()) {
      return FeedUpdate.full(name, all, errors, newest);
    }
    Instant since = Instant.parse(cursor);
    List<OsvRecord> changed =
        all.stream().filter(r -> r.modifiedAt().map(m -> m.isAfter(since)).orElse(true)).toList();
    if (changed.isEmpty() && errors.count() == 0) {
      return FeedUpdate.unchanged(name, cursor);
    }
    String next = newest.isEmpty() || Instant.parse(newest).isBefore(since) ? cursor : newest;
    return new FeedUpdate(
        name, FeedUpdate.Kind.INCREMENTAL, changed, List.of(), List.of(), errors, next);
  }
}
