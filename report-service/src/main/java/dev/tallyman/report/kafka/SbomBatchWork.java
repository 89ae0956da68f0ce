package dev.tallyman.report.kafka;

import dev.tallyman.kit.kafka.BatchWork;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.Sbom;
import dev.tallyman.report.index.BulkOutcome;
import dev.tallyman.report.index.Deletions;
import dev.tallyman.report.index.FindingDocument;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.Images;
import dev.tallyman.report.index.InvalidReportException;
import dev.tallyman.report.index.Location;
import dev.tallyman.report.index.Locations;
import dev.tallyman.report.index.PackageDocuments;
import dev.tallyman.report.index.RetryableIndexingException;
import dev.tallyman.report.index.Write;
import dev.tallyman.report.lifecycle.ReportVersion;
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
 * Indexes SBOM parts into the packages index. Parts of one SBOM share the image digest as key, so
 * they arrive in order on one partition: each part's packages are written as it comes (ids are
 * deterministic, so a replay rewrites the same documents; partial updates, so the open
 * vulnerabilities the findings writer keeps on them stay), and the last part completes the SBOM —
 * its header is stored and the packages of the digest that the new SBOM no longer lists are deleted
 * by id. An SBOM older than the stored one (a replay, a late rescan) is skipped.
 */
public final class SbomBatchWork implements BatchWork {
  private static final Logger LOG = LoggerFactory.getLogger(SbomBatchWork.class);
  static final String MESSAGE_TYPE = Sbom.getDescriptor().getFullName();

  private final FindingsIndex index;

  public SbomBatchWork(FindingsIndex index) {
    this.index = index;
  }

  record Parsed(ConsumerRecord<String, byte[]> record, Sbom sbom, ReportVersion version) {
    String digest() {
      return sbom.getImageDigest();
    }
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
    List<String> digests = parsed.stream().map(Parsed::digest).distinct().toList();
    Map<String, Map<String, Object>> images = index.images(digests);
    Map<String, Map<String, Object>> headers = index.sbomHeaders(digests);
    String alias = index.layout().packages().alias();
    List<Write> writes = new ArrayList<>();
    Map<String, ConsumerRecord<String, byte[]>> origin = new HashMap<>();
    Map<String, Parsed> newest = new LinkedHashMap<>();
    Map<Parsed, List<Location>> locationsOf = new HashMap<>();
    for (Parsed p : parsed) {
      ReportVersion stored = storedVersion(headers.get(p.digest()));
      Map<String, Object> image = images.get(p.digest());
      if (p.version().olderThan(stored) || Deletions.supersedes(image, p.version())) {
        LOG.debug("skipping SBOM {} of {}: older than the stored one", p.version(), p.digest());
        continue;
      }
      List<Location> locations =
          Locations.without(
              Locations.merge(
                  Locations.stored(image),
                  Locations.of(p.sbom().getLocation(), p.sbom().getLocationsList())),
              Deletions.applying(image, p.version()));
      locationsOf.put(p, locations);
      for (FindingDocument d : PackageDocuments.of(p.sbom(), p.version(), locations, false)) {
        // a partial update: keeps the open vulnerabilities the findings writer put there
        writes.add(Write.upsert(alias, d.id(), d.source()));
        origin.put(d.id(), p.record());
      }
      Parsed before = newest.get(p.digest());
      if (before == null || !p.version().olderThan(before.version())) {
        newest.put(p.digest(), p);
      }
    }
    BulkOutcome outcome = index.writeAll(writes);
    Map<ConsumerRecord<String, byte[]>, String> rejected = new LinkedHashMap<>();
    outcome.rejected().forEach((id, reason) -> rejected.putIfAbsent(origin.get(id), reason));
    rejected.forEach(
        (r, reason) ->
            failures.add(
                new RecordFailure(
                    r, new PermanentFailure("Elasticsearch rejected package " + reason))));
    int written = outcome.indexed();
    List<Parsed> complete =
        newest.values().stream()
            .filter(p -> PackageDocuments.lastPart(p.sbom()))
            .filter(p -> !rejected.containsKey(p.record()))
            .toList();
    if (!complete.isEmpty()) {
      written += complete(complete, locationsOf);
    }
    LOG.info(
        "indexed {} package documents from {} SBOM parts ({} dead-lettered)",
        written,
        records.size(),
        failures.size());
    return failures;
  }

  /** Stores the headers, then deletes each digest's packages from any other SBOM. */
  private int complete(List<Parsed> complete, Map<Parsed, List<Location>> locationsOf)
      throws Exception {
    List<Write> headers = new ArrayList<>();
    for (Parsed p : complete) {
      headers.add(
          Write.index(
              index.layout().sboms().alias(),
              Images.id(p.digest()),
              PackageDocuments.header(p.sbom(), p.version(), locationsOf.get(p))));
    }
    int written = requireAll(index.writeAll(headers));
    index.refresh();
    String alias = index.layout().packages().alias();
    List<Write> stale = new ArrayList<>();
    for (Parsed p : complete) {
      String current = PackageDocuments.versionKey(p.version());
      index
          .allOf(alias, p.digest(), PackageDocuments.KEY, List.of(PackageDocuments.VERSION))
          .forEach(
              (id, src) -> {
                Object v =
                    dev.tallyman.report.index.FindingDocuments.get(src, PackageDocuments.VERSION);
                // no version: a findings placeholder waiting for its SBOM (ADR 0019), kept
                if (v != null && !current.equals(v)) {
                  stale.add(Write.delete(alias, id));
                }
              });
    }
    if (!stale.isEmpty()) {
      written += requireAll(index.writeAll(stale));
    }
    return written;
  }

  static ReportVersion storedVersion(Map<String, ?> header) {
    if (header == null) {
      return null;
    }
    Object at = dev.tallyman.report.index.FindingDocuments.get(header, "tallyman.sbom.analyzed_at");
    Object id = dev.tallyman.report.index.FindingDocuments.get(header, "tallyman.sbom.id");
    return at == null || id == null
        ? null
        : new ReportVersion(Instant.parse(at.toString()), id.toString());
  }

  private static int requireAll(BulkOutcome o) throws RetryableIndexingException {
    if (!o.rejected().isEmpty()) {
      throw new RetryableIndexingException(
          "Elasticsearch rejected SBOM writes: " + o.rejected().values().iterator().next());
    }
    return o.indexed();
  }

  static Parsed parse(ConsumerRecord<String, byte[]> r) {
    Sbom sbom = ProtoRecords.parse(r, MESSAGE_TYPE, Sbom.parser(), "an Sbom");
    try {
      PackageDocuments.validate(sbom);
    } catch (InvalidReportException e) {
      throw new PermanentFailure("invalid Sbom: " + e.getMessage(), e);
    }
    Instant fallback = r.timestamp() > 0 ? Instant.ofEpochMilli(r.timestamp()) : Instant.now();
    return new Parsed(r, sbom, PackageDocuments.version(sbom, fallback));
  }
}
