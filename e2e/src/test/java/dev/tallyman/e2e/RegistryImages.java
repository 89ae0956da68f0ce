package dev.tallyman.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.deploy.ManagedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Many distinct small images in a real registry, quickly and without Docker: one shared gzipped
 * layer (a Debian 12 os-release and a dpkg database with one glibc package, so every image has a
 * package to match and a finding), uploaded once per repository, and a config blob per image that
 * differs only in a label, so every manifest has its own digest. Pushed through the registry's HTTP
 * API (OCI distribution spec: monolithic blob upload, manifest PUT), as any client would.
 */
final class RegistryImages {
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** A libc6 built from glibc: matched by source package by the e2e Debian fixture advisory. */
  static final String DPKG_STATUS =
      """
      Package: libc6
      Status: install ok installed
      Priority: optional
      Section: libs
      Installed-Size: 12987
      Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
      Architecture: amd64
      Multi-Arch: same
      Source: glibc
      Version: 2.36-9+deb12u4
      Description: GNU C Library: Shared libraries

      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One pushed image: where, and its manifest digest. */
  record Pushed(String repository, String tag, String digest) {}

  private final byte[] layer;
  private final String layerDigest;
  private final String diffId;

  private RegistryImages(byte[] layer, String diffId) {
    this.layer = layer;
    this.layerDigest = sha256(layer);
    this.diffId = diffId;
  }

  /** Builds the shared layer with GNU tar (numeric owner 0, fixed mtime: reproducible). */
  static RegistryImages withDebianLayer(Path workDir) throws IOException {
    Path rootfs = workDir.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
    Files.writeString(
        rootfs.resolve("etc/os-release"),
        """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        """);
    Files.writeString(rootfs.resolve("var/lib/dpkg/status"), DPKG_STATUS);
    Path tar = workDir.resolve("layer.tar");
    ManagedProcess.run(
        "tar",
        List.of(
            "tar",
            "--numeric-owner",
            "--owner=0",
            "--group=0",
            "--mtime=2026-11-28 00:00:00Z",
            "--sort=name",
            "-cf",
            tar.toString(),
            "-C",
            rootfs.toString(),
            "etc",
            "var"),
        workDir,
        Duration.ofSeconds(30));
    byte[] plain = Files.readAllBytes(tar);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    return new RegistryImages(gz.toByteArray(), sha256(plain));
  }

  /**
   * Pushes {@code count} distinct images: repositories {@code prefix/set-<k>} of up to {@code
   * perRepository} tags each ({@code v<i>}), {@code threads} at a time.
   */
  List<Pushed> pushMany(
      String registryHostPort, String prefix, int count, int perRepository, int threads)
      throws Exception {
    int repositories = (count + perRepository - 1) / perRepository;
    for (int k = 0; k < repositories; k++) {
      uploadBlob(registryHostPort, prefix + "/set-" + k, layer, layerDigest);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Pushed>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String repository = prefix + "/set-" + (i / perRepository);
        String tag = "v" + i;
        String label = prefix + "#" + i;
        futures.add(pool.submit(() -> push(registryHostPort, repository, tag, label)));
      }
      List<Pushed> out = new ArrayList<>();
      for (Future<Pushed> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Pushes one image whose config carries {@code label} (same label, same digest) under {@code
   * repository:tag}; uploads the layer to the repository if it lacks it.
   */
  Pushed push(String registryHostPort, String repository, String tag, String label)
      throws IOException, InterruptedException {
    if (!hasBlob(registryHostPort, repository, layerDigest)) {
      uploadBlob(registryHostPort, repository, layer, layerDigest);
    }
    byte[] config = config(label);
    String configDigest = sha256(config);
    uploadBlob(registryHostPort, repository, config, configDigest);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_TYPE);
    manifest.set("config", descriptor(CONFIG_TYPE, configDigest, config.length));
    manifest.putArray("layers").add(descriptor(LAYER_TYPE, layerDigest, layer.length));
    byte[] body = JSON.writeValueAsBytes(manifest);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://" + registryHostPort + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(r, 201, "manifest PUT " + repository + ":" + tag);
    String digest = r.headers().firstValue("Docker-Content-Digest").orElse(sha256(body));
    if (!digest.equals(sha256(body))) {
      throw new IllegalStateException("registry stored " + digest + " for " + sha256(body));
    }
    return new Pushed(repository, tag, digest);
  }

  private byte[] config(String label) throws IOException {
    ObjectNode c = JSON.createObjectNode();
    c.put("created", "2026-11-28T00:00:00Z");
    c.put("architecture", "amd64");
    c.put("os", "linux");
    ObjectNode cfg = c.putObject("config");
    cfg.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    cfg.putObject("Labels").put("dev.tallyman.e2e.image", label);
    ObjectNode rootfs = c.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId);
    ArrayNode history = c.putArray("history");
    history
        .addObject()
        .put("created", "2026-11-28T00:00:00Z")
        .put("created_by", "COPY rootfs/ / # debian base, glibc only");
    return JSON.writeValueAsBytes(c);
  }

  private static ObjectNode descriptor(String mediaType, String digest, long size) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", size);
    return d;
  }

  private static boolean hasBlob(String hostPort, String repository, String digest)
      throws IOException, InterruptedException {
    HttpResponse<Void> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + hostPort + "/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  /** POST to start an upload session, then one PUT with the whole blob and its digest. */
  private static void uploadBlob(String hostPort, String repository, byte[] blob, String digest)
      throws IOException, InterruptedException {
    HttpResponse<String> start =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + hostPort + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(start, 202, "blob upload start in " + repository);
    String location =
        start
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new IllegalStateException("upload start without Location"));
    URI session = URI.create("http://" + hostPort).resolve(location);
    String sep = session.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(session + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(put, 201, "blob PUT " + digest + " in " + repository);
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
