package dev.tallyman.report.search;

import java.util.List;

/**
 * One page of images, ordered by digest.
 *
 * @param next pass as {@code after} for the following page; null on the last page
 */
public record ImageMatches(List<ImageMatch> images, String next) {}
