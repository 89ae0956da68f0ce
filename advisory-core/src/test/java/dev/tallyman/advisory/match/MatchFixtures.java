package dev.tallyman.advisory.match;

import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Helpers shared by the per-ecosystem matcher tests. */
public final class MatchFixtures {
  private MatchFixtures() {}

  /** A later, withdrawn version of a real record (as a feed publishes a retraction). */
  public static OsvRecord withdrawnCopy(OsvRecord r) {
    return new OsvRecord(
        r.schemaVersion(),
        r.id(),
        "2099-01-01T00:00:00Z",
        r.published(),
        "2099-01-01T00:00:00Z",
        r.aliases(),
        r.related(),
        r.upstream(),
        r.summary(),
        r.details(),
        r.severity(),
        r.affected(),
        r.references(),
        r.databaseSpecific());
  }

  /** Ids (all of the merged vulnerability's: its id and aliases) of each match. */
  public static List<List<String>> ids(List<Match> matches) {
    return matches.stream()
        .map(
            m -> {
              List<String> all = new java.util.ArrayList<>();
              all.add(m.vulnerability().id());
              all.addAll(m.vulnerability().aliases());
              return all;
            })
        .toList();
  }

  /** Whether any match is for {@code id} (its merged id or one of its aliases). */
  public static boolean has(List<Match> matches, String id) {
    return ids(matches).stream().anyMatch(l -> l.contains(id));
  }

  /** The match for {@code id}, failing when absent. */
  public static Match find(List<Match> matches, String id) {
    return matches.stream()
        .filter(m -> m.vulnerability().id().equals(id) || m.vulnerability().aliases().contains(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no match for " + id + " in " + ids(matches)));
  }

  /**
   * One real GHSA record from a test's {@code testdata/}, indexed alone, matched against packages
   * of one ecosystem on no distro: the frame of the language-ecosystem matcher tests.
   */
  public record OneRecord(String ecosystem, OsvRecord record, AdvisoryIndex index) {
    public static OneRecord load(Class<?> test, String resource, String ecosystem) {
      try (InputStream in = test.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no test resource " + resource);
        }
        OsvRecord r = FeedJson.osvJson(in.readAllBytes());
        return new OneRecord(ecosystem, r, AdvisoryIndex.builder().add(r, "ghsa").build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public List<Match> match(String name, String version) {
      return matchIn(index, name, version);
    }

    /** Against the record followed by a withdrawn copy of it. */
    public List<Match> matchWithdrawn(String name, String version) {
      return matchIn(
          AdvisoryIndex.builder().add(record, "ghsa").add(withdrawnCopy(record), "ghsa").build(),
          name,
          version);
    }

    private List<Match> matchIn(AdvisoryIndex idx, String name, String version) {
      return MatchEngine.standard()
          .match(Distro.NONE, List.of(InstalledPackage.of(ecosystem, name, version)), idx)
          .matches();
    }
  }
}
