package dev.tallyman.ingest.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import java.util.function.UnaryOperator;

/**
 * One webhook request as authenticators and parsers see it: header and query lookups (null when
 * absent), the raw body (signatures cover these exact bytes) and the caller's trace.
 */
public record Delivery(
    UnaryOperator<String> header,
    UnaryOperator<String> queryParameter,
    byte[] body,
    @Nullable String traceparent) {

  public static Delivery of(HttpRequest<?> request, @Nullable byte[] body) {
    return new Delivery(
        name -> request.getHeaders().get(name),
        name -> request.getParameters().get(name),
        body == null ? new byte[0] : body,
        request.getHeaders().get("traceparent"));
  }
}
