package dev.tallyman.ingest.webhook;

import io.micronaut.core.annotation.Nullable;

/**
 * What makes one registry flavour: its name (for logs and metrics), how it authenticates, how its
 * body reads. A null authenticator means the flavour's secret is not configured: every request is
 * refused with 503 and {@code notConfigured} as the reason.
 */
public record WebhookEndpoint(
    String flavour,
    @Nullable WebhookAuthenticator authenticator,
    WebhookParser parser,
    String notConfigured) {}
