package dev.tallyman.report.search;

import dev.tallyman.report.index.Digests;

/**
 * Keyset paging over images: {@code after} is the last digest of the previous page (the {@code
 * next} of the previous answer), so pages stay stable while findings are indexed.
 */
public record ImagePaging(int size, String after) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public static ImagePaging of(Integer size, String after) {
    int s = size == null ? DEFAULT_SIZE : size;
    if (s < 1 || s > MAX_SIZE) {
      throw new InvalidQueryException("size must be between 1 and " + MAX_SIZE);
    }
    String a = FindingsQuery.text("after", after);
    if (a != null && !Digests.isValid(a)) {
      throw new InvalidQueryException(
          "after must be the 'next' value of the previous page (an image digest)");
    }
    return new ImagePaging(s, a);
  }
}
