package dev.tallyman.analyzer.pipeline;

import dev.tallyman.proto.v1.FindingsReport;
import dev.tallyman.proto.v1.ImageLocation;
import dev.tallyman.proto.v1.Sbom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this replica analyzed recently, per event digest: the messages it published and every
 * location they were published for. A later event for the same digest with a new tag or registry
 * needs no new analysis, only the same messages with the grown location list (ADR 0013). Bounded by
 * age and by the serialized size of the kept messages; least recently used go first.
 */
public final class AnalyzedDigests {
  /** One analyzed digest. */
  public record Entry(
      Instant analyzedAt,
      Set<ImageLocation> locations,
      List<Sbom> sbomParts,
      List<FindingsReport> reportParts,
      long bytes) {
    public Entry {
      locations = Set.copyOf(new LinkedHashSet<>(locations));
      sbomParts = List.copyOf(sbomParts);
      reportParts = List.copyOf(reportParts);
    }

    /** Locations in a stable order: the first analyzed one first, then the others sorted. */
    public List<ImageLocation> orderedLocations(ImageLocation first) {
      List<ImageLocation> out = new ArrayList<>();
      if (locations.contains(first)) {
        out.add(first);
      }
      locations.stream()
          .filter(l -> !l.equals(first))
          .sorted(
              java.util.Comparator.comparing(ImageLocation::getRegistry)
                  .thenComparing(ImageLocation::getRepository)
                  .thenComparing(ImageLocation::getTag))
          .forEach(out::add);
      return out;
    }
  }

  private final Duration window;
  private final long maxBytes;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  public AnalyzedDigests(Duration window, long maxBytes) {
    this.window = window;
    this.maxBytes = maxBytes;
  }

  /** The digest's entry if it was analyzed within the window. */
  public synchronized Optional<Entry> recent(String digest, Instant now) {
    Entry e = entries.get(digest);
    if (e == null) {
      return Optional.empty();
    }
    if (e.analyzedAt().plus(window).isBefore(now)) {
      remove(digest);
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /** Keeps (or replaces) what was published for the digest; too large entries are not kept. */
  public synchronized void put(
      String digest,
      Instant analyzedAt,
      Set<ImageLocation> locations,
      List<Sbom> sbomParts,
      List<FindingsReport> reportParts) {
    remove(digest);
    long size = 0;
    for (Sbom s : sbomParts) {
      size += s.getSerializedSize();
    }
    for (FindingsReport r : reportParts) {
      size += r.getSerializedSize();
    }
    if (size > maxBytes) {
      return;
    }
    entries.put(digest, new Entry(analyzedAt, locations, sbomParts, reportParts, size));
    bytes += size;
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().getValue().bytes();
      eldest.remove();
    }
  }

  /**
   * The digest is gone from these locations: they are not attached to later republications. With no
   * location left the entry is dropped, so a re-push is analyzed afresh.
   */
  public synchronized void forget(String digest, Set<ImageLocation> gone) {
    Entry e = entries.get(digest);
    if (e == null) {
      return;
    }
    Set<ImageLocation> left = new LinkedHashSet<>(e.locations());
    left.removeIf(
        l ->
            gone.stream()
                .anyMatch(
                    g ->
                        g.getRegistry().equals(l.getRegistry())
                            && g.getRepository().equals(l.getRepository())
                            && (g.getTag().isEmpty() || g.getTag().equals(l.getTag()))));
    if (left.isEmpty()) {
      remove(digest);
    } else {
      entries.put(
          digest, new Entry(e.analyzedAt(), left, e.sbomParts(), e.reportParts(), e.bytes()));
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  private void remove(String digest) {
    Entry e = entries.remove(digest);
    if (e != null) {
      bytes -= e.bytes();
    }
  }
}
