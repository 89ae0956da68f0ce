package dev.tallyman.report.http;

import dev.tallyman.report.access.AccessDenied;
import dev.tallyman.report.access.Authenticator;
import dev.tallyman.report.access.Principal;
import dev.tallyman.report.access.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request (bar /health and the OpenAPI document) and checks the role its path
 * needs; the {@link Principal} goes to the controllers as a request attribute, and from there into
 * every Elasticsearch query as the tenant filter.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthFilter {
  private static final Logger LOG = LoggerFactory.getLogger(AuthFilter.class);
  static final String ATTRIBUTE = "tallyman.principal";

  private final Authenticator authenticator;

  public AuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** Blocking executor: the first JWT may fetch the JWKS. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    Role needed = Authenticator.required(request.getPath());
    if (needed == null) {
      return null;
    }
    try {
      Principal p = authenticator.authenticate(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
      if (!p.role().includes(needed)) {
        throw AccessDenied.forbidden(
            p.subject()
                + " has role "
                + p.role().name().toLowerCase()
                + "; "
                + request.getPath()
                + " needs "
                + needed.name().toLowerCase());
      }
      request.setAttribute(ATTRIBUTE, p);
      return null;
    } catch (AccessDenied e) {
      LOG.info("{} {} denied: {}", request.getMethod(), request.getPath(), e.getMessage());
      if (e.authenticated()) {
        return HttpResponse.status(HttpStatus.FORBIDDEN)
            .contentType(MediaType.APPLICATION_JSON_TYPE)
            .body(new ApiError(403, e.getMessage()));
      }
      return HttpResponse.status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tallyman\"")
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(new ApiError(401, e.getMessage()));
    }
  }

  /** The caller of a request that passed this filter. */
  static Principal principal(HttpRequest<?> request) {
    return request
        .getAttribute(ATTRIBUTE, Principal.class)
        .orElseThrow(() -> new IllegalStateException("request did not pass the AuthFilter"));
  }
}
