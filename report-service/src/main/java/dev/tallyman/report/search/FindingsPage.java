package dev.tallyman.report.search;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * One page of search results.
 *
 * @param next cursor of the following page when paging on a point in time ({@code cursor=*}); null
 *     on the last page and in page-number mode
 */
public record FindingsPage(
    long total, int page, int size, List<FindingView> items, @Nullable String next) {
  public FindingsPage(long total, int page, int size, List<FindingView> items) {
    this(total, page, size, items, null);
  }
}
