package dev.tallyman.advisory.service.replica;

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

  public static byte[] json(OsvRecord r) {
    return FeedJson.canonical(r);
  }

  public static OsvRecord record(byte[] json) throws IOException {
    return FeedJson.osvJson(json);
  }

  public static byte[] json(Enrichment e) {
    return FeedJson.json(e);
  }

  public static Enrichment enrichment(byte[] json) throws IOException {
    return FeedJson.enrichment(json);
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
