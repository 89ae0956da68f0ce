package dev.tallyman.report.kafka;

import dev.tallyman.kit.kafka.BatchWork;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.ImageAction;
import dev.tallyman.proto.v1.ImageEvent;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.report.index.BulkOutcome;
import dev.tallyman.report.index.Deletions;
import dev.tallyman.report.index.Digests;
import dev.tallyman.report.index.FindingDocuments;
import dev.tallyman.report.index.FindingsIndex;
import dev.tallyman.report.index.History;
import dev.tallyman.report.index.Images;
import dev.tallyman.report.index.Location;
import dev.tallyman.report.index.Locations;
import dev.tallyman.report.index.PackageDocuments;
import dev.tallyman.report.index.PackageVulnerabilities;
import dev.tallyman.report.index.RetryableIndexingException;
import dev.tallyman.report.index.Write;
import dev.tallyman.report.lifecycle.FindingStatus;
import dev.tallyman.report.lifecycle.Lifecycle;
import dev.tallyman.report.lifecycle.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies delete events of the image-event topics: the named locations leave the image, its
 * findings, packages and SBOM header; an image with no location left is {@code deleted} and so are
 * its active findings (with a history entry). Push events are skipped after parsing. Every value
 * written derives from the event and the stored documents (the time is the event's), so a replay
 * writes the same documents.
 */
public final class ImageDeletesWork implements BatchWork {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDeletesWork.class);
  static final String MESSAGE_TYPE = ImageEvent.getDescriptor().getFullName();
  static final List<String> FINDING_FIELDS = finding();

  private final FindingsIndex index;

  public ImageDeletesWork(FindingsIndex index) {
    this.index = index;
  }

  /** A delete of {@code digest} at {@code at}; no removals means every location. */
  record Delete(String eventId, String digest, List<Location> removals, Instant at) {}

  @Override
  public List<RecordFailure> apply(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    List<RecordFailure> failures = new ArrayList<>();
    List<Delete> deletes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        Delete d = parse(r);
        if (d != null) {
          deletes.add(d);
        }
      } catch (PermanentFailure e) {
        failures.add(new RecordFailure(r, e));
      }
    }
    if (deletes.isEmpty()) {
      return failures;
    }
    index.ensureReadyOnce();
    index.refresh(); // what the other consumers wrote must be searchable
    int written = 0;
    for (Delete d : deletes) {
      written += apply(d);
    }
    // deletes are rare: make image, findings and packages change together for readers
    index.refresh();
    LOG.info("applied {} delete events ({} writes)", deletes.size(), written);
    return failures;
  }

  private int apply(Delete d) throws Exception {
    Map<String, Map<String, Object>> images = index.imagesOf(d.digest());
    String imagesAlias = index.layout().images().alias();
    if (images.isEmpty()) {
      // nothing indexed yet: remember the delete, so a report made before it is not indexed
      Map<String, Object> stub = Deletions.apply(null, d.removals(), d.at()).patch();
      FindingDocuments.put(stub, "container.image.hash.all", List.of(d.digest()));
      FindingDocuments.put(stub, Deletions.STATUS, Deletions.DELETED);
      // create-only: if the image's document appeared since the read, the 409 retries this delete,
      // which then takes the normal path below instead of overwriting that document
      int written =
          requireAll(
              index.writeAll(List.of(Write.create(imagesAlias, Images.id(d.digest()), stub))));
      // findings already indexed by a report still being completed are deleted too
      Map<String, Object> gone = new java.util.LinkedHashMap<>();
      FindingDocuments.put(gone, Lifecycle.STATUS, FindingStatus.DELETED.value());
      FindingDocuments.put(gone, Lifecycle.STATUS_SINCE, d.at().toString());
      List<Write> late = new ArrayList<>();
      index
          .allOf(index.layout().alias(), d.digest(), "tallyman.finding.id", FINDING_FIELDS)
          .forEach(
              (id, src) -> {
                if (Lifecycle.active(src)) {
                  late.add(Write.patch(index.layout().alias(), id, gone));
                }
              });
      return written + (late.isEmpty() ? 0 : requireAll(index.writeAll(late)));
    }
    List<Write> history = new ArrayList<>();
    List<Write> patches = new ArrayList<>();
    String findingsAlias = index.layout().alias();
    String packagesAlias = index.layout().packages().alias();
    for (Map.Entry<String, Map<String, Object>> e : images.entrySet()) {
      Deletions.Outcome o = Deletions.apply(e.getValue(), d.removals(), d.at());
      patches.add(Write.patch(imagesAlias, e.getKey(), o.patch()));
      List<String> digests =
          Locations.strings(FindingDocuments.get(e.getValue(), "container.image.hash.all"));
      if (digests.isEmpty()) {
        continue;
      }
      String digest = digests.get(0);
      Map<String, Object> locations = Locations.patchUnlessGone(o.remaining());
      index
          .allOf(findingsAlias, digest, "tallyman.finding.id", FINDING_FIELDS)
          .forEach(
              (id, src) -> {
                Map<String, Object> patch = FindingDocuments.deepCopy(locations);
                if (o.gone() && Lifecycle.active(src)) {
                  FindingDocuments.put(patch, Lifecycle.STATUS, FindingStatus.DELETED.value());
                  FindingDocuments.put(patch, Lifecycle.STATUS_SINCE, d.at().toString());
                  Transition t =
                      new Transition(id, FindingStatus.DELETED, d.at(), "delete:" + d.eventId());
                  history.add(
                      Write.index(
                          index.layout().history().alias(), History.id(t), History.entry(t, src)));
                }
                patches.add(Write.patch(findingsAlias, id, patch));
              });
      Map<String, Object> pkgPatch = FindingDocuments.deepCopy(locations);
      FindingDocuments.put(pkgPatch, PackageDocuments.DELETED, o.gone());
      // its findings are all deleted now, so no package of it has an open one left
      Map<String, Object> none = PackageVulnerabilities.Summary.NONE.fields();
      index
          .allOf(packagesAlias, digest, PackageDocuments.KEY, List.of(PackageDocuments.KEY))
          .keySet()
          .forEach(
              id -> {
                patches.add(Write.patch(packagesAlias, id, pkgPatch));
                if (o.gone()) {
                  patches.add(Write.patchIfExists(packagesAlias, id, none));
                }
              });
      if (!index.sbomHeaders(List.of(digest)).isEmpty()) {
        patches.add(Write.patch(index.layout().sboms().alias(), Images.id(digest), locations));
      }
    }
    int written = 0;
    // history first: once a finding is deleted a retry no longer sees it active
    if (!history.isEmpty()) {
      written += requireAll(index.writeAll(history));
    }
    written += requireAll(index.writeAll(patches));
    return written;
  }

  private static int requireAll(BulkOutcome o) throws RetryableIndexingException {
    if (!o.rejected().isEmpty()) {
      throw new RetryableIndexingException(
          "Elasticsearch rejected delete writes: " + o.rejected().values().iterator().next());
    }
    return o.indexed();
  }

  /** The delete a record carries, null for any other action; bad records fail permanently. */
  static Delete parse(ConsumerRecord<String, byte[]> r) {
    ImageEvent e = ProtoRecords.parse(r, MESSAGE_TYPE, ImageEvent.parser(), "an ImageEvent");
    if (e.getAction() != ImageAction.IMAGE_ACTION_DELETE) {
      return null;
    }
    if (!Digests.isValid(e.getDigest())) {
      throw new PermanentFailure("delete event without a valid digest");
    }
    LinkedHashSet<Location> removals = new LinkedHashSet<>();
    List<ImageLocation> all = new ArrayList<>();
    all.add(
        ImageLocation.newBuilder()
            .setRegistry(e.getRegistry())
            .setRepository(e.getRepository())
            .setTag(e.getTag())
            .build());
    all.addAll(e.getLocationsList());
    for (ImageLocation l : all) {
      Location loc = new Location(l.getRegistry(), l.getRepository(), l.getTag());
      if (loc.key().chars().filter(c -> c == '|').count() != 2) {
        throw new PermanentFailure("delete event location contains '|'");
      }
      if (!loc.repository().isEmpty()) {
        removals.add(loc);
      }
    }
    Instant at =
        e.hasReceivedAt()
            ? Instant.ofEpochSecond(e.getReceivedAt().getSeconds(), e.getReceivedAt().getNanos())
            : Instant.ofEpochMilli(Math.max(0, r.timestamp()));
    return new Delete(e.getEventId(), e.getDigest(), List.copyOf(removals), at);
  }

  private static List<String> finding() {
    List<String> f = new ArrayList<>(History.SOURCE_FIELDS);
    f.add(Lifecycle.STATUS);
    return List.copyOf(f);
  }
}
