package dev.tallyman.report.kafka;

import dev.tallyman.kit.kafka.BatchWork;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.report.index.BulkOutcome;
import dev.tallyman.report.index.Deletions;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.History;
import dev.tallyman.report.index.Images;
import dev.tallyman.report.index.InvalidReportException;
import dev.tallyman.report.index.LocationMerge;
import dev.tallyman.report.index.PackageVulnerabilities;
import dev.tallyman.report.index.RetryableIndexingException;
import dev.tallyman.report.index.Write;
import dev.tallyman.report.lifecycle.Lifecycle;
import dev.tallyman.report.lifecycle.ReportVersion;
import dev.tallyman.report.lifecycle.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    List<Parsed> parsed = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        parsed.add(parse(r));
      } catch (PermanentFailure e) {
        failures.add(new RecordFailure(r, e));
      }
    }
    if (parsed.isEmpty()) {
      return failures;
    }
    index.ensureReadyOnce();
    Map<String, Map<String, Object>> images =
        new HashMap<>(index.images(parsed.stream().map(Parsed::digest).toList()));
    // Records of one digest must be applied in order (a finding's status depends on the report
    // before); records of different digests are independent and share one bulk request.
    List<Parsed> segment = new ArrayList<>();
    Map<String, String> reportOfDigest = new HashMap<>();
    int written = 0;
    for (Parsed p : parsed) {
      String before = reportOfDigest.get(p.digest());
      if (before != null && !before.equals(p.reportId())) {
        written += applySegment(segment, images, failures);
        segment.clear();
        reportOfDigest.clear();
      }
      segment.add(p);
      reportOfDigest.put(p.digest(), p.reportId());
    }
    written += applySegment(segment, images, failures);
    LOG.info(
        "indexed {} documents from {} records ({} records dead-lettered)",
        written,
        records.size(),
        failures.size());
    return failures;
  }

  /** Writes one segment: findings with their lifecycle, history, then completed reports. */
  private int applySegment(
      List<Parsed> segment, Map<String, Map<String, Object>> images, List<RecordFailure> failures)
      throws Exception {
    List<Parsed> current = new ArrayList<>();
    for (Parsed p : segment) {
      ReportVersion last = Images.version(images.get(p.digest()));
      if (p.version().olderThan(last)) {
        // an older report than the one the image already shows: a replay or a late rescan
        LOG.debug("skipping report {} of {}: older than {}", p.reportId(), p.digest(), last);
      } else if (Deletions.supersedes(images.get(p.digest()), p.version())) {
        LOG.debug(
            "skipping report {} of {}: the image was deleted since", p.reportId(), p.digest());
      } else {
        current.add(p);
      }
    }
    if (current.isEmpty()) {
      return 0;
    }
    List<FindingDocument> docs = new ArrayList<>();
    Map<String, ConsumerRecord<String, byte[]>> origin = new HashMap<>();
    Map<String, Parsed> parsedOf = new HashMap<>();
    for (Parsed p : current) {
      for (FindingDocument d : p.documents()) {
        docs.add(d);
        origin.put(d.id(), p.record());
        parsedOf.put(d.id(), p);
      }
    }
    String alias = index.layout().alias();
    String historyAlias = index.layout().history().alias();
    List<Write> writes = new ArrayList<>();
    if (!docs.isEmpty()) {
      Map<String, Map<String, Object>> stored =
          new HashMap<>(index.stored(docs.stream().map(FindingDocument::id).toList()));
      for (FindingDocument d :
          LocationMerge.merge(
              docs,
              stored,
              d -> {
                Parsed p = parsedOf.get(d.id());
                return Deletions.applying(images.get(p.digest()), p.version());
              })) {
        Lifecycle.Outcome o =
            Lifecycle.listed(
                d.id(), d.source(), stored.get(d.id()), parsedOf.get(d.id()).version());
        stored.put(d.id(), o.source()); // a later duplicate in this segment sees this one
        writes.add(Write.index(alias, d.id(), o.source()));
        o.transition()
            .ifPresent(
                t -> {
                  String hid = History.id(t);
                  origin.put(hid, origin.get(d.id()));
                  writes.add(Write.index(historyAlias, hid, History.entry(t, o.source())));
                });
      }
    }
    BulkOutcome outcome = index.writeAll(writes);
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
    int written = outcome.indexed();
    // a dead-lettered part does not complete its report: the image keeps its previous state
    List<Parsed> completed =
        current.stream()
            .filter(Parsed::lastPart)
            .filter(p -> !rejectedRecords.containsKey(p.record()))
            .toList();
    if (!completed.isEmpty()) {
      written += complete(completed, images, failures);
    }
    return written;
  }

  /**
   * A report is complete: its image's findings it did not list are fixed now, its packages'
   * open-vulnerability summaries are rewritten, and the image document is rewritten with the new
   * counts.
   */
  private int complete(
      List<Parsed> completed, Map<String, Map<String, Object>> images, List<RecordFailure> failures)
      throws Exception {
    index.refresh();
    String alias = index.layout().alias();
    String historyAlias = index.layout().history().alias();
    List<Write> entries = new ArrayList<>();
    List<Write> fixes = new ArrayList<>();
    for (Parsed p : completed) {
      Map<String, Object> patch = Lifecycle.fixedPatch(p.version());
      index
          .activeNotListedBy(p.digest(), p.reportId())
          .forEach(
              (id, source) -> {
                fixes.add(Write.patch(alias, id, patch));
                Transition t = Lifecycle.fixed(id, p.version());
                entries.add(Write.index(historyAlias, History.id(t), History.entry(t, source)));
              });
    }
    int written = 0;
    if (!fixes.isEmpty()) {
      // history first: once a finding is fixed a retry no longer finds it, so its entry must
      // already be there
      written += requireAll(index.writeAll(entries));
      written += requireAll(index.writeAll(fixes));
      index.refresh();
    }
    // each package's open vulnerabilities onto its packages-index document, recomputed from every
    // finding of the digest (so a retry or replay writes the same), for where-deployed (ADR 0019)
    String packagesAlias = index.layout().packages().alias();
    Map<String, List<Map<String, Object>>> findingsOf = new HashMap<>();
    index
        .allOf(
            alias,
            completed.stream().map(Parsed::digest).toList(),
            "tallyman.finding.id",
            PackageVulnerabilities.SOURCE_FIELDS)
        .values()
        .forEach(
            f ->
                findingsOf
                    .computeIfAbsent(PackageVulnerabilities.digest(f), k -> new ArrayList<>())
                    .add(f));
    List<Write> summaries = new ArrayList<>();
    for (Parsed p : completed) {
      summaries.addAll(
          PackageVulnerabilities.writes(
              packagesAlias,
              p.digest(),
              PackageVulnerabilities.of(
                  p.digest(), findingsOf.getOrDefault(p.digest(), List.of()))));
    }
    if (!summaries.isEmpty()) {
      written += requireAll(index.writeAll(summaries));
      // searchable together with the image document below, as the findings already are
      index.refreshPackages();
    }
    List<Write> imageDocs = new ArrayList<>();
    Map<String, Parsed> byImageId = new HashMap<>();
    Map<String, Map<String, Object>> before = new HashMap<>(images);
    for (Parsed p : completed) {
      Map<String, Object> doc =
          Images.document(
              p.report(),
              p.version(),
              images.get(p.digest()),
              index.severityCounts(p.digest()),
              index.vulnerabilityIds(p.digest()));
      images.put(p.digest(), doc);
      String id = Images.id(p.digest());
      byImageId.put(id, p);
      // first document of this image: create-only, so a delete stub written meanwhile is not
      // overwritten (the 409 retries the batch, which then sees the stub)
      imageDocs.add(
          before.get(p.digest()) == null
              ? Write.create(index.layout().images().alias(), id, doc)
              : Write.index(index.layout().images().alias(), id, doc));
    }
    BulkOutcome o = index.writeAll(imageDocs);
    // an image document built from a report Elasticsearch cannot take: dead-letter the record
    // rather than retry forever (its findings were accepted, so this is rare)
    o.rejected()
        .forEach(
            (id, reason) -> {
              Parsed p = byImageId.get(id);
              if (before.containsKey(p.digest())) {
                images.put(p.digest(), before.get(p.digest()));
              } else {
                images.remove(p.digest());
              }
              failures.add(
                  new RecordFailure(
                      p.record(),
                      new PermanentFailure("Elasticsearch rejected image document " + reason)));
            });
    return written + o.indexed();
  }

  /** Updates and image documents are built here; a rejection is a bug, retried until fixed. */
  private static int requireAll(BulkOutcome o) throws RetryableIndexingException {
    if (!o.rejected().isEmpty()) {
      throw new RetryableIndexingException(
          "Elasticsearch rejected lifecycle writes: " + o.rejected().values().iterator().next());
    }
    return o.indexed();
  }

  /** One record's documents and whether it completes its report. */
  record Parsed(
      ConsumerRecord<String, byte[]> record,
      FindingsReport report,
      ReportVersion version,
      boolean lastPart,
      List<FindingDocument> documents) {
    String digest() {
      return report.getImageDigest();
    }

    String reportId() {
      return report.getReportId();
    }
  }

  static List<FindingDocument> documents(ConsumerRecord<String, byte[]> r) {
    return parse(r).documents();
  }

  /** Parses and maps one record; everything wrong with it is a {@link PermanentFailure}. */
  static Parsed parse(ConsumerRecord<String, byte[]> r) {
    FindingsReport report =
        ProtoRecords.parse(r, MESSAGE_TYPE, FindingsReport.parser(), "a FindingsReport");
    try {
      Instant fallback = r.timestamp() > 0 ? Instant.ofEpochMilli(r.timestamp()) : Instant.now();
      List<FindingDocument> docs = FindingDocuments.of(report, fallback);
      boolean last = report.getPartCount() <= 1 || report.getPart() == report.getPartCount() - 1;
      Instant at =
          report.hasGeneratedAt()
              ? Instant.ofEpochSecond(
                  report.getGeneratedAt().getSeconds(), report.getGeneratedAt().getNanos())
              : fallback;
      return new Parsed(r, report, new ReportVersion(at, report.getReportId()), last, docs);
    } catch (InvalidReportException e) {
      throw new PermanentFailure("invalid FindingsReport: " + e.getMessage(), e);
    }
  }
}
