package dev.tallyman.advisory.service.replica;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.proto.v1.AdvisoryEntry;
import dev.tallyman.proto.v1.AdvisoryTopicValue;
import dev.tallyman.proto.v1.FeedSyncStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisories topic materialized in memory: per feed the latest record and enrichment per id
 * (with its content hash and part count) and the sync side's status. Applying the same value twice
 * changes nothing, so the sync role can apply what it published before its reader sees it.
 */
public final class ReplicaState {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaState.class);

  /** One materialized value with the hash it was published under. */
  public record Stored<T>(String hash, int parts, T value) {}

  private final Map<String, Map<String, Stored<OsvRecord>>> records = new TreeMap<>();
  private final Map<String, Map<String, Stored<Enrichment>>> enrichments = new TreeMap<>();
  private final Map<String, FeedSyncStatus> statuses = new TreeMap<>();
  private final Map<String, ByteString[]> pending = new HashMap<>();
  private final Map<String, String> pendingHash = new HashMap<>();
  private long version;
  private long rejected;

  /**
   * Applies one topic record ({@code value} null: a tombstone). Returns true when the visible state
   * changed. A value that cannot be read is logged, counted and skipped.
   */
  public synchronized boolean apply(String key, byte[] value) {
    if (key == null) {
      return false;
    }
    try {
      if (value == null) {
        return tombstone(key);
      }
      AdvisoryTopicValue v = AdvisoryTopicValue.parseFrom(value);
      return switch (v.getValueCase()) {
        case ENTRY -> entry(v.getEntry());
        case STATUS -> status(v.getStatus());
        default -> false;
      };
    } catch (InvalidProtocolBufferException e) {
      rejected++;
      LOG.warn("unreadable advisories topic record {}: {}", key, e.getMessage());
      return false;
    }
  }

  private boolean tombstone(String key) {
    if (key.contains("#p")) {
      return false; // a further part of a record: the record itself goes with its base key
    }
    String[] k = key.split("/", 3);
    if (k.length == 2 && k[0].equals("status")) {
      return changed(statuses.remove(k[1]) != null);
    }
    if (k.length != 3) {
      return false;
    }
    pending.remove(k[1] + "/" + k[2]);
    pendingHash.remove(k[1] + "/" + k[2]);
    Map<String, ? extends Stored<?>> m =
        k[0].equals("rec") ? records.get(k[1]) : k[0].equals("enr") ? enrichments.get(k[1]) : null;
    return changed(m != null && m.remove(k[2]) != null);
  }

  private boolean status(FeedSyncStatus s) {
    FeedSyncStatus old = statuses.put(s.getFeed(), s);
    return changed(!s.equals(old));
  }

  private boolean entry(AdvisoryEntry e) {
    boolean isRecord = e.getKind() != AdvisoryEntry.Kind.KIND_ENRICHMENT;
    Map<String, ? extends Stored<?>> feedMap =
        isRecord ? records.get(e.getFeed()) : enrichments.get(e.getFeed());
    Stored<?> current = feedMap == null ? null : feedMap.get(e.getId());
    if (current != null && current.hash().equals(e.getContentSha256())) {
      return false;
    }
    byte[] gz;
    int count = Math.max(1, e.getPartCount());
    if (count == 1) {
      gz = e.getPayload().toByteArray();
    } else {
      // Parts have their own keys, so they may arrive on different partitions in any order.
      String pk = e.getFeed() + "/" + e.getId();
      if (!e.getContentSha256().equals(pendingHash.get(pk)) || pending.get(pk).length != count) {
        pending.put(pk, new ByteString[count]);
        pendingHash.put(pk, e.getContentSha256());
      }
      ByteString[] parts = pending.get(pk);
      if (e.getPart() < 0 || e.getPart() >= count) {
        rejected++;
        return false;
      }
      parts[e.getPart()] = e.getPayload();
      for (ByteString p : parts) {
        if (p == null) {
          return false;
        }
      }
      pending.remove(pk);
      pendingHash.remove(pk);
      ByteString all = ByteString.EMPTY;
      for (ByteString p : parts) {
        all = all.concat(p);
      }
      gz = all.toByteArray();
    }
    try {
      byte[] json = AdvisoryCodec.gunzip(gz);
      if (isRecord) {
        OsvRecord r = AdvisoryCodec.record(json);
        records
            .computeIfAbsent(e.getFeed(), f -> new LinkedHashMap<>())
            .put(e.getId(), new Stored<>(e.getContentSha256(), count, r));
      } else {
        Enrichment en = AdvisoryCodec.enrichment(json);
        enrichments
            .computeIfAbsent(e.getFeed(), f -> new LinkedHashMap<>())
            .put(e.getId(), new Stored<>(e.getContentSha256(), count, en));
      }
      return changed(true);
    } catch (IOException | RuntimeException ex) {
      rejected++;
      LOG.warn("unreadable advisory {} of feed {}: {}", e.getId(), e.getFeed(), ex.toString());
      return false;
    }
  }

  private boolean changed(boolean c) {
    if (c) {
      version++;
    }
    return c;
  }

  /** Increases on every visible change. */
  public synchronized long version() {
    return version;
  }

  public synchronized long rejected() {
    return rejected;
  }

  public synchronized Map<String, Stored<OsvRecord>> records(String feed) {
    return Map.copyOf(records.getOrDefault(feed, Map.of()));
  }

  public synchronized Map<String, Stored<Enrichment>> enrichments(String feed) {
    return Map.copyOf(enrichments.getOrDefault(feed, Map.of()));
  }

  public synchronized Optional<FeedSyncStatus> status(String feed) {
    return Optional.ofNullable(statuses.get(feed));
  }

  public synchronized List<FeedSyncStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  public synchronized long recordCount() {
    return records.values().stream().mapToLong(Map::size).sum();
  }

  /** Every record with its feed name, in a stable order. */
  public void forEachRecord(BiConsumer<OsvRecord, String> sink) {
    List<Map.Entry<String, List<OsvRecord>>> copy = new ArrayList<>();
    synchronized (this) {
      records.forEach(
          (feed, m) -> copy.add(Map.entry(feed, m.values().stream().map(Stored::value).toList())));
    }
    copy.forEach(e -> e.getValue().forEach(r -> sink.accept(r, e.getKey())));
  }

  /** Every feed that has records, enrichments or a status. */
  public synchronized List<String> feeds() {
    TreeMap<String, Boolean> f = new TreeMap<>();
    records.keySet().forEach(k -> f.put(k, true));
    enrichments.keySet().forEach(k -> f.put(k, true));
    statuses.keySet().forEach(k -> f.put(k, true));
    return List.copyOf(f.keySet());
  }
}
