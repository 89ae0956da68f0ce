package dev.tallyman.advisory.feed;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Downloads into a temp file: a non-200 status, a body shorter than its Content-Length, a
 * connection dropped mid-body, a body over the size cap or a transfer slower than the deadline all
 * fail the whole fetch and remove the temp file, so a caller never parses a partial archive.
 */
public final class HttpFetcher implements Fetcher {
  public static final long DEFAULT_MAX_BYTES = 4L << 30;

  private final URI base;
  private final Map<String, String> headers;
  private final long maxBytes;
  private final HttpClient client;
  private final Duration bodyTimeout;

  public HttpFetcher(URI base, Map<String, String> headers, long maxBytes) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.headers = Map.copyOf(headers);
    this.maxBytes = maxBytes;
    this.bodyTimeout = Duration.ofMinutes(30);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Fetched fetch(String path, Map<String, String> query) throws IOException {
    URI uri = resolve(path, query);
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
    headers.forEach(req::header);
    Path tmp = Files.createTempFile("tallyman-feed-", ".part");
    int[] status = new int[1];
    long[] declared = {-1};
    // Only a 200 with an acceptable declared size is written to disk; anything else is drained.
    HttpResponse.BodyHandler<Path> handler =
        info -> {
          status[0] = info.statusCode();
          declared[0] = info.headers().firstValueAsLong("Content-Length").orElse(-1);
          if (status[0] != 200 || declared[0] > maxBytes) {
            return HttpResponse.BodySubscribers.replacing(null);
          }
          return HttpResponse.BodySubscribers.ofFile(tmp);
        };
    CompletableFuture<HttpResponse<Path>> future = client.sendAsync(req.build(), handler);
    try {
      future.get(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (status[0] != 200) {
        throw new FeedUnavailableException("HTTP " + status[0] + " for " + uri);
      }
      if (declared[0] > maxBytes) {
        throw new FeedUnavailableException(uri + " is larger than " + maxBytes + " bytes");
      }
      long n = Files.size(tmp);
      if (n > maxBytes) {
        throw new FeedUnavailableException(uri + " is larger than " + maxBytes + " bytes");
      }
      if (declared[0] >= 0 && declared[0] != n) {
        throw new FeedUnavailableException(
            "truncated download of " + uri + ": " + n + " of " + declared[0] + " bytes");
      }
      return new Fetched(tmp, true, n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Files.deleteIfExists(tmp);
      throw new FeedUnavailableException("interrupted fetching " + uri, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      Files.deleteIfExists(tmp);
      throw new FeedUnavailableException(
          "download of " + uri + " timed out after " + bodyTimeout, e);
    } catch (ExecutionException e) {
      Files.deleteIfExists(tmp);
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new FeedUnavailableException("download of " + uri + " failed: " + c, c);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  URI resolve(String path, Map<String, String> query) {
    String q =
        query.isEmpty()
            ? ""
            : "?"
                + query.entrySet().stream()
                    .map(
                        e ->
                            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
    String encodedPath =
        java.util.Arrays.stream(path.split("/", -1))
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
            .collect(Collectors.joining("/"));
    return base.resolve(encodedPath + q);
  }

  @Override
  public String describe() {
    return base.toString();
  }
}
