package dev.tallyman.report.lifecycle;

import java.time.Instant;

/** A finding changed status at {@code at} (the generated_at of the report that showed it). */
public record Transition(String findingId, FindingStatus status, Instant at, String reportId) {}
