package dev.tallyman.ingest.poll;

/** What one poll of one registry did. */
public record PollReport(
    String registry,
    int repositories,
    int tags,
    int emitted,
    int unchanged,
    int failedRepositories) {}
