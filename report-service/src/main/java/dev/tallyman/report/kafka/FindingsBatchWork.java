package dev.tallyman.report.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.kit.kafka.BatchWork;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.report.index.BulkOutcome;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.InvalidReportException;
import dev.tallyman.report.index.TagMerge;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes one poll of FindingsReport parts: bad records are returned as failures (dead-lettered by
 * the caller), everything else is written in one bulk. Any exception means "not written, try the
 * whole batch again" - safe because document ids are deterministic.
 */
public final class FindingsBatchWork implements BatchWork {
  private static final Logger LOG = LoggerFactory.getLogger(FindingsBatchWork.class);
  static final String MESSAGE_TYPE = FindingsReport.getDescriptor().getFullName();

  private final FindingsIndex index;

  public FindingsBatchWork(FindingsIndex index) {
    this.index = index;
  }

  @Override
  public List<RecordFailure> apply(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    List<RecordFailure> failures = new ArrayList<>();
    List<FindingDocument> docs = new ArrayList<>();
    Map<String, ConsumerRecord<String, byte[]>> origin = new HashMap<>();
    // digest -> id of the newest complete report in this batch
    Map<String, String> completed = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        Parsed parsed = parse(r);
        for (FindingDocument d : parsed.documents()) {
          docs.add(d);
          origin.put(d.id(), r);
        }
        if (parsed.lastPart()) {
          completed.remove(parsed.digest());
          completed.put(parsed.digest(), parsed.reportId());
        }
      } catch (PermanentFailure e) {
        failures.add(new RecordFailure(r, e));
      }
    }
    if (docs.isEmpty() && completed.isEmpty()) {
      return failures;
    }
    index.ensureReadyOnce();
    BulkOutcome outcome = new BulkOutcome(0, Map.of());
    if (!docs.isEmpty()) {
      List<FindingDocument> merged =
          TagMerge.merge(docs, index.stored(docs.stream().map(FindingDocument::id).toList()));
      outcome = index.write(merged);
    }
    for (Map.Entry<String, String> c : completed.entrySet()) {
      index.removeSuperseded(c.getKey(), c.getValue());
    }
    // a record is dead-lettered once, with the first of its documents' reasons
    Map<ConsumerRecord<String, byte[]>, String> rejectedRecords = new LinkedHashMap<>();
    outcome
        .rejected()
        .forEach((id, reason) -> rejectedRecords.putIfAbsent(origin.get(id), id + " " + reason));
    rejectedRecords.forEach(
        (r, reason) ->
            failures.add(
                new RecordFailure(
                    r, new PermanentFailure("Elasticsearch rejected document " + reason))));
    LOG.info(
        "indexed {} finding documents from {} records ({} records dead-lettered)",
        outcome.indexed(),
        records.size(),
        failures.size());
    return failures;
  }

  /** One record's documents and whether it completes its report. */
  record Parsed(
      String digest, String reportId, boolean lastPart, List<FindingDocument> documents) {}

  static List<FindingDocument> documents(ConsumerRecord<String, byte[]> r) {
    return parse(r).documents();
  }

  /** Parses and maps one record; everything wrong with it is a {@link PermanentFailure}. */
  static Parsed parse(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null || r.value().length == 0) {
      throw new PermanentFailure("record has no value");
    }
    Header type = r.headers().lastHeader(KafkaHeaders.MESSAGE_TYPE);
    if (type != null && type.value() != null) {
      String t = new String(type.value(), StandardCharsets.UTF_8);
      if (!MESSAGE_TYPE.equals(t)) {
        throw new PermanentFailure("expected a " + MESSAGE_TYPE + " but the record says " + t);
      }
    }
    FindingsReport report;
    try {
      report = FindingsReport.parseFrom(r.value());
    } catch (InvalidProtocolBufferException e) {
      throw new PermanentFailure("value is not a FindingsReport protobuf: " + e.getMessage(), e);
    }
    try {
      Instant fallback = r.timestamp() > 0 ? Instant.ofEpochMilli(r.timestamp()) : Instant.now();
      List<FindingDocument> docs = FindingDocuments.of(report, fallback);
      boolean last = report.getPartCount() <= 1 || report.getPart() == report.getPartCount() - 1;
      return new Parsed(report.getImageDigest(), report.getReportId(), last, docs);
    } catch (InvalidReportException e) {
      throw new PermanentFailure("invalid FindingsReport: " + e.getMessage(), e);
    }
  }
}
