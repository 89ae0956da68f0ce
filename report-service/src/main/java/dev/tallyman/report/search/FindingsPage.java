package dev.tallyman.report.search;

import java.util.List;

/** One page of search results. */
public record FindingsPage(long total, int page, int size, List<FindingView> items) {}
