package dev.tallyman.analyzer;

import dev.tallyman.analysis.oci.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Pushes blobs and a manifest through the OCI distribution API (monolithic uploads). */
public final class RegistryPush {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;
  private final String authorization;

  public RegistryPush(String url) {
    this(url, null);
  }

  /** Sends {@code authorization} (e.g. Basic or Bearer) with every request. */
  public RegistryPush(String url, String authorization) {
    this.url = url;
    this.authorization = authorization;
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  public void push(String repository, String tag, Map<String, byte[]> blobs, byte[] manifest)
      throws IOException, InterruptedException {
    push(repository, tag, blobs, manifest, true);
  }

  /** Uploads the blobs, and the manifest (as an OCI manifest) when {@code withManifest}. */
  public void push(
      String repository,
      String tag,
      Map<String, byte[]> blobs,
      byte[] manifest,
      boolean withManifest)
      throws IOException, InterruptedException {
    for (var blob : blobs.entrySet()) {
      HttpResponse<String> start =
          http.send(
              request(URI.create(url + "/v2/" + repository + "/blobs/uploads/"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      check(start, 202);
      URI location = URI.create(url).resolve(start.headers().firstValue("Location").orElseThrow());
      String sep = location.getQuery() == null ? "?" : "&";
      HttpResponse<String> put =
          http.send(
              request(URI.create(location + sep + "digest=" + blob.getKey()))
                  .header("Content-Type", "application/octet-stream")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.getValue()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      check(put, 201);
    }
    if (withManifest) {
      putManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST);
    }
  }

  /** PUT a manifest or index under a tag or its digest. */
  public void putManifest(String repository, String reference, byte[] manifest, String mediaType)
      throws IOException, InterruptedException {
    HttpResponse<String> m =
        http.send(
            request(URI.create(url + "/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    check(m, 201);
  }

  private static void check(HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          r.request().method() + " " + r.uri() + " -> " + r.statusCode() + ": " + r.body());
    }
  }
}
