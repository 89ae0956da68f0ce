package dev.tallyman.report.index;

import dev.tallyman.proto.v1.ImageLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every location of a digest on a document: the exact list in {@value #FIELD} plus flat arrays for
 * search and tenancy ({@code tallyman.image.registry}, {@code tallyman.image.repository}, {@code
 * container.image.name} = registry/repository, {@code container.image.tag}). A tenant grant with a
 * registry and a prefix is checked on {@code container.image.name}, one value per location, so two
 * locations can never combine into a match neither has alone.
 */
public final class Locations {
  public static final String FIELD = "tallyman.image.locations";
  public static final String REGISTRY = "tallyman.image.registry";
  public static final String REPOSITORY = "tallyman.image.repository";
  public static final String NAME = "container.image.name";
  public static final String TAG = "container.image.tag";

  /** Bounds one document; the newest locations are kept. */
  static final int MAX = 256;

  private Locations() {}

  /** The locations a report or SBOM names: {@code first} and every one of {@code all}. */
  public static List<Location> of(ImageLocation first, List<ImageLocation> all) {
    LinkedHashSet<Location> out = new LinkedHashSet<>();
    List<ImageLocation> every = new ArrayList<>();
    if (first != null) {
      every.add(first);
    }
    every.addAll(all);
    for (ImageLocation l : every) {
      Location loc = new Location(l.getRegistry(), l.getRepository(), l.getTag());
      if (loc.wellFormed()) {
        out.add(loc);
      }
    }
    return cap(new ArrayList<>(out));
  }

  /** What a stored document holds (documents from before this field: their single location). */
  public static List<Location> stored(Map<String, ?> doc) {
    if (doc == null) {
      return List.of();
    }
    List<String> keys = strings(FindingDocuments.get(doc, FIELD));
    List<Location> out = new ArrayList<>();
    if (!keys.isEmpty()) {
      keys.stream().map(Location::parse).filter(l -> l != null).forEach(out::add);
      return out;
    }
    List<String> registries = strings(FindingDocuments.get(doc, REGISTRY));
    List<String> repositories = strings(FindingDocuments.get(doc, REPOSITORY));
    if (registries.size() > 1 || repositories.size() > 1) {
      return out; // flat arrays without the exact list cannot be paired up
    }
    String reg = registries.isEmpty() ? "" : registries.get(0);
    String repo = repositories.isEmpty() ? "" : repositories.get(0);
    if (reg.isEmpty() && repo.isEmpty()) {
      return out;
    }
    List<String> tags = strings(FindingDocuments.get(doc, TAG));
    if (tags.isEmpty()) {
      out.add(new Location(reg, repo, ""));
    } else {
      tags.forEach(t -> out.add(new Location(reg, repo, t)));
    }
    return out;
  }

  /** Union; what {@code fresh} names moves to the end (newest last), capped at {@link #MAX}. */
  public static List<Location> merge(List<Location> stored, List<Location> fresh) {
    LinkedHashSet<Location> all = new LinkedHashSet<>(stored);
    all.removeAll(fresh);
    all.addAll(fresh);
    return cap(new ArrayList<>(all));
  }

  /** {@code locations} without those a removal covers. */
  public static List<Location> without(List<Location> locations, List<Location> removals) {
    return locations.stream().filter(l -> removals.stream().noneMatch(l::coveredBy)).toList();
  }

  /** Writes the exact list and the flat arrays (replacing what the document had). */
  public static void put(Map<String, Object> doc, List<Location> locations) {
    fields(locations).forEach((path, value) -> FindingDocuments.put(doc, path, value));
  }

  /**
   * The location fields after a delete, as a partial update replacing the old values; nothing when
   * no location is left: a deleted image keeps its last locations, which is how its tenants still
   * find it (and its findings and packages) with {@code include_deleted} or {@code status:deleted},
   * next to {@code tallyman.image.removed_locations}.
   */
  public static Map<String, Object> patchUnlessGone(List<Location> remaining) {
    return remaining.isEmpty() ? new LinkedHashMap<>() : patch(remaining);
  }

  /** The location fields as a partial update, so a {@code doc} update replaces the old values. */
  public static Map<String, Object> patch(List<Location> locations) {
    Map<String, Object> patch = new LinkedHashMap<>();
    fields(locations).forEach((path, value) -> FindingDocuments.put(patch, path, value));
    return patch;
  }

  private static Map<String, List<String>> fields(List<Location> locations) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put(FIELD, locations.stream().map(Location::key).toList());
    f.put(REGISTRY, distinct(locations, Location::registry));
    f.put(REPOSITORY, distinct(locations, Location::repository));
    f.put(NAME, distinct(locations, Location::name));
    f.put(TAG, distinct(locations, Location::tag));
    return f;
  }

  /** The locations a caller may see. */
  public static List<Location> visible(List<Location> locations, Predicate<Location> sees) {
    return locations.stream().filter(sees).toList();
  }

  private static List<String> distinct(
      List<Location> locations, java.util.function.Function<Location, String> f) {
    return locations.stream().map(f).filter(s -> !s.isEmpty()).distinct().toList();
  }

  private static List<Location> cap(List<Location> l) {
    return l.size() <= MAX ? List.copyOf(l) : List.copyOf(l.subList(l.size() - MAX, l.size()));
  }

  public static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      list.stream().filter(x -> x != null).map(Object::toString).forEach(out::add);
    } else if (v != null && !v.toString().isEmpty()) {
      out.add(v.toString());
    }
    return out;
  }
}
