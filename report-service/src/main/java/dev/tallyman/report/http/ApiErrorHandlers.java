package dev.tallyman.report.http;

import dev.tallyman.report.search.InvalidQueryException;
import dev.tallyman.report.search.StoreUnavailableException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the API's failures to {@link ApiError} bodies for every controller. */
@Controller
@Hidden
public class ApiErrorHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandlers.class);

  @Error(global = true, exception = InvalidQueryException.class)
  HttpResponse<ApiError> invalid(HttpRequest<?> request, InvalidQueryException e) {
    return HttpResponse.badRequest(new ApiError(400, e.getMessage()));
  }

  @Error(global = true, exception = ConversionErrorException.class)
  HttpResponse<ApiError> unconvertible(HttpRequest<?> request, ConversionErrorException e) {
    return HttpResponse.badRequest(
        new ApiError(
            400, "parameter '" + e.getArgument().getName() + "' is not valid: " + e.getMessage()));
  }

  @Error(global = true, exception = ConstraintViolationException.class)
  HttpResponse<ApiError> violated(HttpRequest<?> request, ConstraintViolationException e) {
    String reason =
        e.getConstraintViolations().stream()
            .map(v -> parameter(v) + " " + v.getMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return HttpResponse.badRequest(new ApiError(400, reason));
  }

  @Error(global = true, exception = StoreUnavailableException.class)
  HttpResponse<ApiError> unavailable(HttpRequest<?> request, StoreUnavailableException e) {
    LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), e.getMessage());
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(new ApiError(503, e.getMessage()));
  }

  /** The parameter name: the last node of "method.parameter". */
  private static String parameter(ConstraintViolation<?> v) {
    String name = null;
    for (Path.Node n : v.getPropertyPath()) {
      name = n.getName();
    }
    return name == null ? "parameter" : name;
  }
}
