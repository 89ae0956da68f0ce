package dev.tallyman.advisory.feed.alpine;

import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.SnapshotFeed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpine secdb per branch and repository: {@code <branch>/<repo>.json} (for example {@code
 * v3.19/main.json}); ecosystems are {@code Alpine:<branch>}, package names are origins. Mirrors of
 * the old YAML secdb ({@code v3.11/main.yaml}) are read with {@code extension = "yaml"}. All files
 * of one update are fetched and verified before any record is produced; the cursor is a hash over
 * them.
 */
public final class AlpineSecdbFeed extends SnapshotFeed<List<byte[]>> {
  private static final long MAX_BYTES = 64L << 20;

  private record Source(String branch, String repo) {}

  private final List<String> branches;
  private final List<String> repos;
  private final String extension;
  private final List<Source> sources = new ArrayList<>();

  public AlpineSecdbFeed(
      Fetcher fetcher, List<String> branches, List<String> repos, String extension) {
    super(fetcher);
    this.branches = List.copyOf(branches);
    this.repos = List.copyOf(repos);
    this.extension = extension;
    for (String branch : this.branches) {
      for (String repo : this.repos) {
        sources.add(new Source(branch, repo));
      }
    }
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
  protected List<String> paths() {
    return sources.stream().map(s -> s.branch() + "/" + s.repo() + "." + extension).toList();
  }

  @Override
  protected List<byte[]> read(List<Doc> docs) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Doc d : docs) {
      out.add(d.read(MAX_BYTES));
    }
    return out;
  }

  @Override
  protected Parsed parse(List<byte[]> docs, RecordErrors errors) throws IOException {
    Secdb secdb = new Secdb("ALPINE", "alpine-secdb");
    boolean yaml = !extension.equals("json");
    for (int i = 0; i < docs.size(); i++) {
      Source s = sources.get(i);
      secdb.add(docs.get(i), yaml, "Alpine:" + s.branch(), s.repo(), errors);
    }
    return Parsed.records(secdb.records());
  }
}
