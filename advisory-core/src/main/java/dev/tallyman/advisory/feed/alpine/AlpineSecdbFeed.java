package dev.tallyman.advisory.feed.alpine;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Alpine secdb per branch and repository: {@code <branch>/<repo>.json} (for example {@code
 * v3.19/main.json}); ecosystems are {@code Alpine:<branch>}, package names are origins. Mirrors of
 * the old YAML secdb ({@code v3.11/main.yaml}) are read with {@code extension = "yaml"}. All files
 * of one update are fetched and verified before any record is produced; the cursor is a hash over
 * them.
 */
public final class AlpineSecdbFeed implements Feed {
  private static final long MAX_BYTES = 64L << 20;

  private final Fetcher fetcher;
  private final List<String> branches;
  private final List<String> repos;
  private final String extension;

  public AlpineSecdbFeed(
      Fetcher fetcher, List<String> branches, List<String> repos, String extension) {
    this.fetcher = fetcher;
    this.branches = List.copyOf(branches);
    this.repos = List.copyOf(repos);
    this.extension = extension;
  }

  @Override
  public String name() {
    return "alpine";
  }

  @Override
  public String location() {
    return fetcher.describe() + " " + branches + " " + repos;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    record Doc(String branch, String repo, byte[] bytes) {}
    List<Doc> docs = new ArrayList<>();
    MessageDigest md = sha256();
    for (String branch : branches) {
      for (String repo : repos) {
        try (Fetcher.Fetched f = fetcher.fetch(branch + "/" + repo + "." + extension, Map.of())) {
          byte[] b = Archives.read(f.path(), MAX_BYTES);
          md.update((branch + "/" + repo + "\n").getBytes(StandardCharsets.UTF_8));
          md.update(b);
          docs.add(new Doc(branch, repo, b));
        }
      }
    }
    String hash = "sha256:" + HexFormat.of().formatHex(md.digest());
    if (hash.equals(cursor)) {
      return FeedUpdate.unchanged(name(), cursor);
    }
    RecordErrors errors = new RecordErrors();
    Secdb secdb = new Secdb("ALPINE", "alpine-secdb");
    boolean yaml = !extension.equals("json");
    for (Doc d : docs) {
      secdb.add(d.bytes(), yaml, "Alpine:" + d.branch(), d.repo(), errors);
    }
    return FeedUpdate.full(name(), secdb.records(), errors, hash);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
