package dev.tallyman.advisory.feed;

import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A feed that only publishes whole snapshots (KEV, EPSS, Alpine/Wolfi/Chainguard secdb, the Debian
 * tracker): fetch every document completely, hash them, skip when the hash (or the snapshot's own
 * version) equals the cursor, else parse everything into one {@link FeedUpdate.Kind#FULL} update. A
 * subclass is only the parse logic.
 *
 * @param <T> what {@link #read} makes of the documents: the verified top level, before any record
 */
public abstract class SnapshotFeed<T> implements Feed {

  /** One fetched document of a snapshot: its feed-relative path and the complete local file. */
  public record Doc(String path, Path file, long bytes) {
    public byte[] read(long maxBytes) throws IOException {
      return Archives.read(file, maxBytes);
    }
  }

  /** What a snapshot parsed into: records or enrichments (or both). */
  public record Parsed(List<OsvRecord> records, List<Enrichment> enrichments) {
    public static Parsed records(List<OsvRecord> records) {
      return new Parsed(records, List.of());
    }

    public static Parsed enrichments(List<Enrichment> enrichments) {
      return new Parsed(List.of(), enrichments);
    }
  }

  protected final Fetcher fetcher;

  protected SnapshotFeed(Fetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** The documents of one snapshot, fetched in this order. */
  protected abstract List<String> paths();

  /**
   * Reads the documents' top level; throws {@link FeedUnavailableException} when the snapshot as a
   * whole is unusable (so nothing is applied).
   */
  protected abstract T read(List<Doc> docs) throws IOException;

  /** The cursor for this snapshot: its content hash unless the format carries its own version. */
  protected String version(T snapshot, String contentHash) {
    return contentHash;
  }

  /** Turns the snapshot into records; a bad record goes into {@code errors}, the rest loads. */
  protected abstract Parsed parse(T snapshot, RecordErrors errors) throws IOException;

  @Override
  public String location() {
    List<String> p = paths();
    return fetcher.describe() + "/" + (p.size() == 1 ? p.get(0) : String.join(",", p));
  }

  @Override
  public final FeedUpdate update(String cursor) throws IOException {
    List<Fetcher.Fetched> fetched = new ArrayList<>();
    try {
      List<Doc> docs = new ArrayList<>();
      for (String path : paths()) {
        Fetcher.Fetched f = fetcher.fetch(path, Map.of());
        fetched.add(f);
        docs.add(new Doc(path, f.path(), Files.size(f.path())));
      }
      String hash = hash(docs);
      if (hash.equals(cursor)) {
        return FeedUpdate.unchanged(name(), cursor);
      }
      T snapshot = read(docs);
      String version = version(snapshot, hash);
      if (version.equals(cursor)) {
        return FeedUpdate.unchanged(name(), cursor);
      }
      RecordErrors errors = new RecordErrors();
      Parsed p = parse(snapshot, errors);
      return new FeedUpdate(
          name(), FeedUpdate.Kind.FULL, p.records(), List.of(), p.enrichments(), errors, version);
    } finally {
      for (Fetcher.Fetched f : fetched) {
        f.close();
      }
    }
  }

  /**
   * sha256 of the one document (as {@link Digests#sha256}), or over "path\n" + bytes of each when
   * there are several, so moving content between documents changes the hash.
   */
  static String hash(List<Doc> docs) throws IOException {
    if (docs.size() == 1) {
      return Digests.sha256(docs.get(0).file());
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    for (Doc d : docs) {
      md.update((d.path() + "\n").getBytes(StandardCharsets.UTF_8));
      try (InputStream in = Files.newInputStream(d.file())) {
        int r;
        while ((r = in.read(buf)) >= 0) {
          md.update(buf, 0, r);
        }
      }
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }
}
