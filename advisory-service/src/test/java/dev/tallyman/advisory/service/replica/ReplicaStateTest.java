package dev.tallyman.advisory.service.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.deploy.SharedData;
import dev.tallyman.proto.v1.AdvisoryChange;
import dev.tallyman.proto.v1.AdvisoryChangeBatch;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Codec, materialized state, diff and change batches without a broker (pure units). */
class ReplicaStateTest {

  static List<OsvRecord> realRecords() throws Exception {
    List<OsvRecord> out = new ArrayList<>();
    new OsvLoader().load(SharedData.advisories().resolve("osv/ghsa"), out::add);
    new OsvLoader().load(SharedData.advisories().resolve("osv/go-vulndb-selected"), out::add);
    java.util.Set<String> ids = new java.util.HashSet<>();
    return out.stream().filter(r -> !r.isWithdrawn() && ids.add(r.id())).toList();
  }

  private static void applyAll(ReplicaState state, ReplicaDiff.Result diff) {
    diff.out()
        .forEach(o -> state.apply(o.key(), o.value() == null ? null : o.value().toByteArray()));
  }

  @Test
  void canonicalJsonRoundTripsRealRecordsByteForByte() throws Exception {
    List<OsvRecord> records = realRecords();
    assertThat(records).hasSizeGreaterThan(5);
    for (OsvRecord r : records) {
      byte[] json = AdvisoryCodec.json(r);
      OsvRecord back = AdvisoryCodec.record(json);
      assertThat(back).isEqualTo(r);
      assertThat(AdvisoryCodec.json(back)).isEqualTo(json);
    }
    Enrichment kev =
        new Enrichment.Kev("CVE-2024-1", "v", "p", "n", LocalDate.of(2024, 1, 2), null, true);
    Enrichment epss = new Enrichment.Epss("CVE-2024-2", 0.5, 0.9, LocalDate.of(2024, 3, 4));
    assertThat(AdvisoryCodec.enrichment(AdvisoryCodec.json(kev))).isEqualTo(kev);
    assertThat(AdvisoryCodec.enrichment(AdvisoryCodec.json(epss))).isEqualTo(epss);
  }

  @Test
  void diffPublishesOnlyRealChangesAndTheStateFollowsIt() throws Exception {
    List<OsvRecord> records = realRecords();
    ReplicaState state = new ReplicaState();
    ReplicaDiff.Result first = ReplicaDiff.compute("ghsa", records, List.of(), state);
    assertThat(first.changes())
        .hasSize(records.size())
        .allMatch(c -> c.getKind() == AdvisoryChange.Kind.KIND_NEW);
    applyAll(state, first);
    assertThat(state.records("ghsa")).hasSize(records.size());

    // unchanged: nothing to write, no events
    assertThat(ReplicaDiff.compute("ghsa", records, List.of(), state).isEmpty()).isTrue();

    // one withdrawn, one gone
    OsvRecord w = records.get(0);
    OsvRecord withdrawn =
        new OsvRecord(
            w.schemaVersion(),
            w.id(),
            w.modified(),
            w.published(),
            "2026-11-28T00:00:00Z",
            w.aliases(),
            w.related(),
            w.upstream(),
            w.summary(),
            w.details(),
            w.severity(),
            w.affected(),
            w.references(),
            w.databaseSpecific());
    List<OsvRecord> next = new ArrayList<>(records);
    next.set(0, withdrawn);
    OsvRecord gone = next.remove(next.size() - 1);
    ReplicaDiff.Result second = ReplicaDiff.compute("ghsa", next, List.of(), state);
    assertThat(second.changes())
        .extracting(AdvisoryChange::getAdvisoryId, AdvisoryChange::getKind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(w.id(), AdvisoryChange.Kind.KIND_WITHDRAWN),
            org.assertj.core.groups.Tuple.tuple(gone.id(), AdvisoryChange.Kind.KIND_DELETED));
    assertThat(second.out()).anyMatch(o -> o.value() == null && o.key().endsWith("/" + gone.id()));
    applyAll(state, second);
    assertThat(state.records("ghsa")).doesNotContainKey(gone.id());
    assertThat(state.records("ghsa").get(w.id()).value().isWithdrawn()).isTrue();

    // event ids are deterministic
    assertThat(ReplicaDiff.compute("ghsa", next, List.of(), new ReplicaState()).changes())
        .extracting(AdvisoryChange::getEventId)
        .containsAll(
            second.changes().stream()
                .filter(c -> c.getKind() == AdvisoryChange.Kind.KIND_WITHDRAWN)
                .map(AdvisoryChange::getEventId)
                .toList());
  }

  @Test
  void aRecordAboveTheMessageLimitIsSplitAndReassembledInAnyOrder() throws Exception {
    OsvRecord base = realRecords().get(0);
    // ~3 MB of incompressible text: gzip cannot bring it under one Kafka message
    byte[] noise = new byte[3 << 20];
    new Random(7).nextBytes(noise);
    String details = java.util.Base64.getEncoder().encodeToString(noise);
    OsvRecord big =
        new OsvRecord(
            base.schemaVersion(),
            base.id(),
            base.modified(),
            base.published(),
            null,
            base.aliases(),
            base.related(),
            base.upstream(),
            base.summary(),
            details,
            base.severity(),
            base.affected(),
            base.references(),
            base.databaseSpecific());
    ReplicaState state = new ReplicaState();
    ReplicaDiff.Result diff = ReplicaDiff.compute("big", List.of(big), List.of(), state);
    assertThat(diff.out()).hasSizeGreaterThan(3);
    assertThat(diff.out())
        .allMatch(o -> o.value().getSerializedSize() < AdvisoryCodec.MAX_PART_BYTES + 1024);
    List<ReplicaDiff.Out> shuffled = new ArrayList<>(diff.out());
    Collections.reverse(shuffled);
    for (int i = 0; i < shuffled.size() - 1; i++) {
      assertThat(state.apply(shuffled.get(i).key(), shuffled.get(i).value().toByteArray()))
          .isFalse();
    }
    ReplicaDiff.Out last = shuffled.get(shuffled.size() - 1);
    assertThat(state.apply(last.key(), last.value().toByteArray())).isTrue();
    assertThat(state.records("big").get(big.id()).value()).isEqualTo(big);

    // shrinking back to one message tombstones the parts it no longer has
    ReplicaDiff.Result shrink = ReplicaDiff.compute("big", List.of(base), List.of(), state);
    long tombstones = shrink.out().stream().filter(o -> o.value() == null).count();
    assertThat(tombstones).isEqualTo(diff.out().size() - 1);
    applyAll(state, shrink);
    assertThat(state.records("big").get(base.id()).value()).isEqualTo(base);
  }

  @Test
  void garbageOnTheTopicIsCountedNotApplied() {
    ReplicaState state = new ReplicaState();
    assertThat(state.apply("rec/x/y", new byte[] {(byte) 0xff, 1, 2, 3})).isFalse();
    assertThat(state.rejected()).isEqualTo(1);
    assertThat(state.recordCount()).isZero();
  }

  @Test
  void changeEventsAreBatchedByCountAndBytesWithStableIds() {
    List<AdvisoryChange> changes = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      changes.add(
          ReplicaDiff.change("f", "ID-" + i, AdvisoryChange.Kind.KIND_NEW, "h" + i, null, null));
    }
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    List<AdvisoryChangeBatch> batches = ChangeBatches.of("f", changes, at);
    assertThat(batches).hasSize(3);
    assertThat(batches)
        .allMatch(b -> b.getChangesCount() <= ChangeBatches.MAX_CHANGES)
        .allMatch(b -> b.getSerializedSize() <= ChangeBatches.MAX_BYTES + 1024)
        .allMatch(b -> b.getPartCount() == 3);
    assertThat(batches.stream().mapToInt(AdvisoryChangeBatch::getChangesCount).sum())
        .isEqualTo(1200);
    assertThat(ChangeBatches.of("f", changes, at).get(1).getBatchId())
        .isEqualTo(batches.get(1).getBatchId());
    assertThat(ChangeBatches.of("f", List.of(), at)).isEmpty();
  }
}
