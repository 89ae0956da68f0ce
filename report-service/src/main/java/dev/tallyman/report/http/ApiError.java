package dev.tallyman.report.http;

import io.micronaut.serde.annotation.Serdeable;

/** Error body: the HTTP status and a reason a person can act on. */
@Serdeable
public record ApiError(int status, String reason) {}
