package dev.tallyman.advisory.feed.kev;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.Feed;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CISA Known Exploited Vulnerabilities catalog (JSON). The catalog is one snapshot; its {@code
 * catalogVersion} is the cursor.
 */
public final class KevFeed implements Feed {
  private final Fetcher fetcher;
  private final String path;

  public KevFeed(Fetcher fetcher, String path) {
    this.fetcher = fetcher;
    this.path = path;
  }

  @Override
  public String name() {
    return "kev";
  }

  @Override
  public String location() {
    return fetcher.describe() + "/" + path;
  }

  @Override
  public FeedUpdate update(String cursor) throws IOException {
    JsonNode root;
    try (Fetcher.Fetched f = fetcher.fetch(path, Map.of())) {
      root = FeedJson.JSON.readTree(Archives.read(f.path(), 256L << 20));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FeedUnavailableException("KEV catalog unreadable: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("vulnerabilities").isArray()) {
      throw new FeedUnavailableException("KEV catalog has no vulnerabilities array");
    }
    String version = root.path("catalogVersion").asText("") + "/" + root.path("count").asText("");
    if (version.equals(cursor)) {
      return FeedUpdate.unchanged(name(), cursor);
    }
    RecordErrors errors = new RecordErrors();
    List<Enrichment> out = new ArrayList<>();
    for (JsonNode v : root.path("vulnerabilities")) {
      String id = v.path("cveID").asText("");
      try {
        if (!id.startsWith("CVE-")) {
          throw new IllegalArgumentException("no cveID");
        }
        out.add(
            new Enrichment.Kev(
                id,
                v.path("vendorProject").asText(""),
                v.path("product").asText(""),
                v.path("vulnerabilityName").asText(""),
                LocalDate.parse(v.path("dateAdded").asText()),
                v.hasNonNull("dueDate") ? LocalDate.parse(v.path("dueDate").asText()) : null,
                "Known".equalsIgnoreCase(v.path("knownRansomwareCampaignUse").asText())));
      } catch (RuntimeException e) {
        errors.add(id.isEmpty() ? "?" : id, e);
      }
    }
    return FeedUpdate.fullEnrichment(name(), out, errors, version);
  }
}
