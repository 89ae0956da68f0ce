package dev.tallyman.advisory.feed.kev;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.FeedUnavailableException;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.feed.SnapshotFeed;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * CISA Known Exploited Vulnerabilities catalog (JSON). The catalog is one snapshot; its {@code
 * catalogVersion} is the cursor.
 */
public final class KevFeed extends SnapshotFeed<JsonNode> {
  private final String path;

  public KevFeed(Fetcher fetcher, String path) {
    super(fetcher);
    this.path = path;
  }

  @Override
  public String name() {
    return "kev";
  }

  @Override
  protected List<String> paths() {
    return List.of(path);
  }

  @Override
  protected JsonNode read(List<Doc> docs) throws IOException {
    JsonNode root;
    try {
      root = FeedJson.JSON.readTree(docs.get(0).read(256L << 20));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FeedUnavailableException("KEV catalog unreadable: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("vulnerabilities").isArray()) {
      throw new FeedUnavailableException("KEV catalog has no vulnerabilities array");
    }
    return root;
  }

  @Override
  protected String version(JsonNode root, String contentHash) {
    return root.path("catalogVersion").asText("") + "/" + root.path("count").asText("");
  }

  @Override
  protected Parsed parse(JsonNode root, RecordErrors errors) {
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
    return Parsed.enrichments(out);
  }
}
