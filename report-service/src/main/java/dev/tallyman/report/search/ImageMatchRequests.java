package dev.tallyman.report.search;

import java.util.List;

/** What an image match shows of each matching finding, and how many per image. */
public final class ImageMatchRequests {
  /** Matching findings returned per image; the count says how many there were in all. */
  public static final int HITS_PER_IMAGE = 100;

  static final List<String> SOURCE_FIELDS =
      List.of(
          "vulnerability.id",
          "vulnerability.severity",
          "package.*",
          "container.image.*",
          "tallyman.package.purl",
          "tallyman.vulnerability.fixed_version",
          "tallyman.image.*");

  private ImageMatchRequests() {}
}
