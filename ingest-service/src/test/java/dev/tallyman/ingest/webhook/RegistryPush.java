package dev.tallyman.ingest.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Pushes a tiny OCI image through the distribution HTTP API, as a client like skopeo would. */
final class RegistryPush {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String registryUrl;

  RegistryPush(String registryUrl) {
    this.registryUrl = registryUrl;
  }

  /** Uploads an empty-tar layer and its config, then PUTs the manifest; returns its digest. */
  String pushTinyImage(String repository, String tag) throws IOException, InterruptedException {
    byte[] tar = new byte[1024]; // an empty tar archive: two zero blocks
    byte[] layer = gzip(tar);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\""
                + digest(tar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    uploadBlob(repository, layer);
    uploadBlob(repository, config);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MANIFEST_TYPE
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + digest(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\""
                + digest(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(registryUrl + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(put, 201, "manifest PUT");
    return digest(manifest);
  }

  void deleteManifest(String repository, String digest) throws IOException, InterruptedException {
    HttpResponse<String> delete =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(registryUrl + "/v2/" + repository + "/manifests/" + digest))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(delete, 202, "manifest DELETE");
  }

  private void uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
    HttpResponse<String> start =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(registryUrl + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(start, 202, "blob upload start");
    URI location =
        URI.create(registryUrl).resolve(start.headers().firstValue("Location").orElseThrow());
    String separator = location.getQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest(blob)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(put, 201, "blob upload");
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
