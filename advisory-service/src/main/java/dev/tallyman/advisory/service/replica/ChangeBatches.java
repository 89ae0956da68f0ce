package dev.tallyman.advisory.service.replica;

import com.google.protobuf.Timestamp;
import dev.tallyman.proto.v1.AdvisoryChange;
import dev.tallyman.proto.v1.AdvisoryChangeBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the change events of one sync into batches bounded by count and bytes (never one 1 MiB
 * message); a batch's id is a hash of its event ids, so a replayed sync repeats the same ids.
 */
public final class ChangeBatches {
  public static final int MAX_CHANGES = 500;
  public static final int MAX_BYTES = 512 * 1024;

  private ChangeBatches() {}

  public static List<AdvisoryChangeBatch> of(
      String feed, List<AdvisoryChange> changes, Instant syncedAt) {
    List<List<AdvisoryChange>> groups = new ArrayList<>();
    List<AdvisoryChange> cur = new ArrayList<>();
    int bytes = 0;
    for (AdvisoryChange c : changes) {
      int size = c.getSerializedSize() + 8;
      if (!cur.isEmpty() && (cur.size() >= MAX_CHANGES || bytes + size > MAX_BYTES)) {
        groups.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(c);
      bytes += size;
    }
    if (!cur.isEmpty()) {
      groups.add(cur);
    }
    Timestamp ts =
        Timestamp.newBuilder()
            .setSeconds(syncedAt.getEpochSecond())
            .setNanos(syncedAt.getNano())
            .build();
    List<AdvisoryChangeBatch> out = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      StringBuilder ids = new StringBuilder(feed);
      groups.get(i).forEach(c -> ids.append('\n').append(c.getEventId()));
      out.add(
          AdvisoryChangeBatch.newBuilder()
              .setBatchId(AdvisoryCodec.sha256(ids.toString().getBytes(StandardCharsets.UTF_8)))
              .setFeed(feed)
              .setSyncedAt(ts)
              .addAllChanges(groups.get(i))
              .setPart(i)
              .setPartCount(groups.size())
              .build());
    }
    return out;
  }
}
