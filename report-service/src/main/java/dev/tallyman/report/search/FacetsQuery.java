package dev.tallyman.report.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validated facet request: the dimensions to count by (request order, no duplicates), the number of
 * top buckets per dimension, and the same filters as a findings search.
 */
public record FacetsQuery(FindingsQuery filters, List<FacetDimension> dimensions, int size) {
  public static final int DEFAULT_SIZE = 10;
  public static final int MAX_SIZE = 100;

  public FacetsQuery {
    dimensions = List.copyOf(dimensions);
  }

  /**
   * @param by comma separated (and/or repeated) dimension names
   */
  public static FacetsQuery of(List<String> by, Integer size, FindingsQuery filters) {
    List<String> names = new ArrayList<>();
    if (by != null) {
      by.forEach(b -> names.addAll(Arrays.asList(b.split(","))));
    }
    if (names.size() > FacetDimension.values().length * 4) {
      throw new InvalidQueryException("too many 'by' values");
    }
    LinkedHashSet<FacetDimension> dims = new LinkedHashSet<>();
    for (String n : names) {
      if (n.isBlank()) {
        continue;
      }
      dims.add(
          FacetDimension.parse(n)
              .orElseThrow(
                  () ->
                      new InvalidQueryException(
                          "unknown facet dimension '"
                              + FindingsQuery.clip(n.trim())
                              + "'; use "
                              + known())));
    }
    if (dims.isEmpty()) {
      throw new InvalidQueryException("by is required: one or more of " + known());
    }
    int s = size == null ? DEFAULT_SIZE : size;
    if (s < 1 || s > MAX_SIZE) {
      throw new InvalidQueryException("size must be between 1 and " + MAX_SIZE);
    }
    return new FacetsQuery(filters, List.copyOf(dims), s);
  }

  private static String known() {
    return Arrays.stream(FacetDimension.values())
        .map(FacetDimension::key)
        .collect(Collectors.joining(", "));
  }
}
