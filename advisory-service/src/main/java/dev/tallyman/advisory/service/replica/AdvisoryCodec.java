package dev.tallyman.advisory.service.replica;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.proto.v1.AdvisoryEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How advisories travel on the replicated topic and in bundles: canonical JSON (the same record
 * always gives the same bytes, so its sha256 tells "changed" from "re-synced"), gzipped, and split
 * into parts below Kafka's default 1 MiB message limit (ADR 0003 style).
 */
public final class AdvisoryCodec {
  private AdvisoryCodec() {}

  /** Largest payload slice per Kafka record: well under the broker's default message limit. */
  public static final int MAX_PART_BYTES = 900 * 1024;

  /** A record inflates to at most this; anything larger on the topic is refused. */
  public static final long MAX_RECORD_BYTES = 64L << 20;

  // Fields only: OsvRecord.isWithdrawn() must not become a second "withdrawn" property.
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          // absent, not null: a null JsonNode field would read back as NullNode
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  public static byte[] json(OsvRecord r) {
    try {
      return CANONICAL.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static OsvRecord record(byte[] json) throws IOException {
    return FeedJson.osvJson(json);
  }

  public static byte[] json(Enrichment e) {
    ObjectNode n = FeedJson.object();
    n.put("id", e.vulnerabilityId());
    if (e instanceof Enrichment.Kev k) {
      n.put("type", "kev");
      n.put("vendorProject", k.vendorProject());
      n.put("product", k.product());
      n.put("name", k.name());
      n.put("dateAdded", k.dateAdded() == null ? null : k.dateAdded().toString());
      n.put("dueDate", k.dueDate() == null ? null : k.dueDate().toString());
      n.put("knownRansomwareUse", k.knownRansomwareUse());
    } else if (e instanceof Enrichment.Epss p) {
      n.put("type", "epss");
      n.put("score", p.score());
      n.put("percentile", p.percentile());
      n.put("scoreDate", p.scoreDate() == null ? null : p.scoreDate().toString());
    }
    try {
      return FeedJson.JSON.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  public static Enrichment enrichment(byte[] json) throws IOException {
    JsonNode n = FeedJson.JSON.readTree(json);
    String id = n.path("id").asText();
    return switch (n.path("type").asText()) {
      case "kev" ->
          new Enrichment.Kev(
              id,
              n.path("vendorProject").asText(""),
              n.path("product").asText(""),
              n.path("name").asText(""),
              date(n, "dateAdded"),
              date(n, "dueDate"),
              n.path("knownRansomwareUse").asBoolean());
      case "epss" ->
          new Enrichment.Epss(
              id,
              n.path("score").asDouble(),
              n.path("percentile").asDouble(),
              date(n, "scoreDate"));
      default -> throw new IOException("unknown enrichment type " + n.path("type"));
    };
  }

  private static LocalDate date(JsonNode n, String f) {
    String s = FeedJson.text(n, f);
    return s == null ? null : LocalDate.parse(s);
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, b.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Inflates at most {@link #MAX_RECORD_BYTES}: a gzip bomb on the topic is refused. */
  public static byte[] gunzip(byte[] b) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      byte[] out = in.readNBytes((int) MAX_RECORD_BYTES + 1);
      if (out.length > MAX_RECORD_BYTES) {
        throw new IOException("entry inflates beyond " + MAX_RECORD_BYTES + " bytes");
      }
      return out;
    }
  }

  /** The topic entries of one record or enrichment: one, or several parts of the gzipped JSON. */
  public static List<AdvisoryEntry> entries(
      String feed, String id, AdvisoryEntry.Kind kind, byte[] json, String hash) {
    byte[] gz = gzip(json);
    int count = Math.max(1, (gz.length + MAX_PART_BYTES - 1) / MAX_PART_BYTES);
    List<AdvisoryEntry> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * MAX_PART_BYTES;
      int to = Math.min(gz.length, from + MAX_PART_BYTES);
      out.add(
          AdvisoryEntry.newBuilder()
              .setFeed(feed)
              .setId(id)
              .setKind(kind)
              .setContentSha256(hash)
              .setPayload(ByteString.copyFrom(gz, from, to - from))
              .setPart(i)
              .setPartCount(count)
              .build());
    }
    return out;
  }

  /** Kafka key of a record (part 0) or of its further parts. */
  public static String recordKey(String feed, String id, int part) {
    return "rec/" + feed + "/" + id + (part == 0 ? "" : "#p" + part);
  }

  public static String enrichmentKey(String feed, String id, int part) {
    return "enr/" + feed + "/" + id + (part == 0 ? "" : "#p" + part);
  }

  public static String statusKey(String feed) {
    return "status/" + feed;
  }

  public static String key(AdvisoryEntry e) {
    return e.getKind() == AdvisoryEntry.Kind.KIND_ENRICHMENT
        ? enrichmentKey(e.getFeed(), e.getId(), e.getPart())
        : recordKey(e.getFeed(), e.getId(), e.getPart());
  }
}
