package dev.tallyman.advisory.service.replica;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.osv.OsvAffected;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.proto.v1.AdvisoryChange;
import dev.tallyman.proto.v1.AdvisoryEntry;
import dev.tallyman.proto.v1.AdvisoryTopicValue;
import dev.tallyman.proto.v1.TouchedPackage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one feed's current data means for the topic: entries whose content hash differs from the
 * materialized one, tombstones for ids that are gone (and for parts a shrunk record no longer has),
 * and one change event per new, changed, withdrawn or deleted advisory. An unchanged re-sync yields
 * nothing.
 */
public final class ReplicaDiff {

  /** One Kafka record to write: {@code value} null is a tombstone. */
  public record Out(String key, AdvisoryTopicValue value) {}

  public record Result(List<Out> out, List<AdvisoryChange> changes) {
    public boolean isEmpty() {
      return out.isEmpty();
    }
  }

  private ReplicaDiff() {}

  public static Result compute(
      String feed,
      Collection<OsvRecord> records,
      Collection<Enrichment> enrichments,
      ReplicaState state) {
    List<Out> out = new ArrayList<>();
    List<AdvisoryChange> changes = new ArrayList<>();
    Map<String, ReplicaState.Stored<OsvRecord>> old = state.records(feed);
    Set<String> seen = new HashSet<>();
    for (OsvRecord r : records) {
      if (!seen.add(r.id())) {
        continue;
      }
      byte[] json = AdvisoryCodec.json(r);
      String hash = AdvisoryCodec.sha256(json);
      ReplicaState.Stored<OsvRecord> prev = old.get(r.id());
      if (prev != null && prev.hash().equals(hash)) {
        continue;
      }
      List<AdvisoryEntry> parts =
          AdvisoryCodec.entries(feed, r.id(), AdvisoryEntry.Kind.KIND_OSV_RECORD, json, hash);
      parts.forEach(
          p ->
              out.add(
                  new Out(
                      AdvisoryCodec.key(p), AdvisoryTopicValue.newBuilder().setEntry(p).build())));
      if (prev != null) {
        for (int i = parts.size(); i < prev.parts(); i++) {
          out.add(new Out(AdvisoryCodec.recordKey(feed, r.id(), i), null));
        }
      }
      AdvisoryChange.Kind kind =
          r.isWithdrawn() && (prev == null || !prev.value().isWithdrawn())
              ? AdvisoryChange.Kind.KIND_WITHDRAWN
              : prev == null ? AdvisoryChange.Kind.KIND_NEW : AdvisoryChange.Kind.KIND_CHANGED;
      changes.add(change(feed, r.id(), kind, hash, prev == null ? null : prev.value(), r));
    }
    for (Map.Entry<String, ReplicaState.Stored<OsvRecord>> e : old.entrySet()) {
      if (seen.contains(e.getKey())) {
        continue;
      }
      for (int i = e.getValue().parts() - 1; i >= 0; i--) {
        out.add(new Out(AdvisoryCodec.recordKey(feed, e.getKey(), i), null));
      }
      changes.add(
          change(
              feed, e.getKey(), AdvisoryChange.Kind.KIND_DELETED, "", e.getValue().value(), null));
    }
    Map<String, ReplicaState.Stored<Enrichment>> oldEnr = state.enrichments(feed);
    Set<String> seenEnr = new HashSet<>();
    for (Enrichment en : enrichments) {
      if (!seenEnr.add(en.vulnerabilityId())) {
        continue;
      }
      byte[] json = AdvisoryCodec.json(en);
      String hash = AdvisoryCodec.sha256(json);
      ReplicaState.Stored<Enrichment> prev = oldEnr.get(en.vulnerabilityId());
      if (prev != null && prev.hash().equals(hash)) {
        continue;
      }
      for (AdvisoryEntry p :
          AdvisoryCodec.entries(
              feed, en.vulnerabilityId(), AdvisoryEntry.Kind.KIND_ENRICHMENT, json, hash)) {
        out.add(new Out(AdvisoryCodec.key(p), AdvisoryTopicValue.newBuilder().setEntry(p).build()));
      }
    }
    for (String id : oldEnr.keySet()) {
      if (!seenEnr.contains(id)) {
        out.add(new Out(AdvisoryCodec.enrichmentKey(feed, id, 0), null));
      }
    }
    return new Result(out, changes);
  }

  /** The change event; its id is a hash of what changed, so a replayed sync repeats it. */
  static AdvisoryChange change(
      String feed,
      String id,
      AdvisoryChange.Kind kind,
      String hash,
      OsvRecord before,
      OsvRecord after) {
    Set<TouchedPackage> pkgs = new LinkedHashSet<>();
    Set<String> aliases = new LinkedHashSet<>();
    for (OsvRecord r : new OsvRecord[] {before, after}) {
      if (r == null) {
        continue;
      }
      for (OsvAffected a : r.affected()) {
        if (a.pkg() != null && a.pkg().ecosystem() != null && a.pkg().name() != null) {
          pkgs.add(
              TouchedPackage.newBuilder()
                  .setEcosystem(a.pkg().ecosystem())
                  .setName(a.pkg().name())
                  .build());
        }
      }
      aliases.addAll(r.aliases());
      aliases.addAll(r.upstream());
    }
    String eventId =
        AdvisoryCodec.sha256(
            String.join("\n", feed, id, kind.name(), hash).getBytes(StandardCharsets.UTF_8));
    return AdvisoryChange.newBuilder()
        .setEventId(eventId)
        .setAdvisoryId(id)
        .setKind(kind)
        .setContentSha256(hash)
        .addAllPackages(pkgs)
        .addAllAliases(aliases)
        .build();
  }
}
