package dev.tallyman.ingest.poll;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Pushes a tiny OCI image (one config blob, no layers) with Basic auth; {@code label} goes into the
 * config, so a different label under the same tag is a new digest.
 */
final class AuthenticatedPush {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;
  private final String authorization;

  AuthenticatedPush(String url, String user, String password) {
    this.url = url;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  String push(String repository, String tag, String label)
      throws IOException, InterruptedException {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"t\":\""
                + label
                + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> start =
        send(
            HttpRequest.newBuilder(URI.create(url + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()),
            202);
    URI location = URI.create(url).resolve(start.headers().firstValue("Location").orElseThrow());
    String sep = location.getQuery() == null ? "?" : "&";
    send(
        HttpRequest.newBuilder(
                URI.create(location + sep + "digest=" + RegistryClient.sha256(config)))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(config)),
        201);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + RegistryClient.sha256(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    send(
        HttpRequest.newBuilder(URI.create(url + "/v2/" + repository + "/manifests/" + tag))
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
        201);
    return RegistryClient.sha256(manifest);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            b.header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }
}
