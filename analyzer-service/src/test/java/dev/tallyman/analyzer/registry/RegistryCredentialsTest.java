package dev.tallyman.analyzer.registry;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.Analyzer;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.oci.ImageReference;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.RegistryClient;
import dev.tallyman.analysis.oci.RegistrySettings;
import dev.tallyman.analysis.oci.auth.Credential;
import dev.tallyman.analysis.oci.auth.CredentialProvider;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.RegistrySource;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.analyzer.RegistryPush;
import dev.tallyman.deploy.LocalRegistry;
import dev.tallyman.deploy.ManagedProcess;
import dev.tallyman.deploy.TestStack;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry client against the real Distribution registry: htpasswd Basic auth (credentials from
 * analyzer-service configuration: a Docker config.json and per-registry keys), and token auth (the
 * registry verifies RS256 JWTs from a token server on 127.0.0.1, like Docker Hub's).
 */
class RegistryCredentialsTest {
  static final String USER = "ci";
  static final String PASSWORD = "real-registry-pa55-" + UUID.randomUUID();
  static final String OS_RELEASE = "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
  static final String STATUS =
      "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\n\n";
  static final ObjectMapper JSON = new ObjectMapper();

  static Path dir;
  static LocalRegistry basicRegistry;
  static LocalRegistry tokenRegistry;
  static HttpServer tokenServer;
  static final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  static volatile long tokenLifetime = 300;
  static PrivateKey signingKey;
  static String certificate;
  static TestImage image;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(TestStack.workDir(), "registry-credentials-");
    image =
        new TestImage(
            "amd64",
            List.of(
                TestArchives.tar(
                    file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS))),
            List.of("ADD rootfs.tar /"));

    basicRegistry =
        LocalRegistry.start(
            LocalRegistry.Options.in(dir.resolve("basic")).htpasswd(USER, PASSWORD));
    new RegistryPush(basicRegistry.url(), Credential.basic(USER, PASSWORD).basicHeader())
        .push("team/app", "1", image.blobs, image.manifest);

    // A self-signed certificate whose key signs the tokens; the registry trusts exactly it.
    Path key = dir.resolve("token-key.pem");
    Path cert = dir.resolve("token-cert.pem");
    ManagedProcess.run(
        "openssl",
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=tallyman-test-token-issuer",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()),
        dir,
        Duration.ofSeconds(60));
    signingKey =
        KeyFactory.getInstance("RSA")
            .generatePrivate(
                new PKCS8EncodedKeySpec(
                    Base64.getMimeDecoder()
                        .decode(
                            Files.readString(key)
                                .replace("-----BEGIN PRIVATE KEY-----", "")
                                .replace("-----END PRIVATE KEY-----", ""))));
    certificate =
        Base64.getEncoder()
            .encodeToString(
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(cert)))
                    .getEncoded());

    tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokenServer.createContext(
        "/token",
        ex -> {
          try (ex) {
            String query = ex.getRequestURI().getRawQuery();
            tokenRequests.add(query);
            if (!Credential.basic(USER, PASSWORD)
                .basicHeader()
                .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
              ex.sendResponseHeaders(401, -1);
              return;
            }
            String scope = "";
            for (String p : query.split("&")) {
              if (p.startsWith("scope=")) {
                scope = URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8);
              }
            }
            String[] s = scope.split(":");
            byte[] body =
                JSON.writeValueAsBytes(
                    Map.of(
                        "token", jwt(s[1], List.of(s[2].split(","))), "expires_in", tokenLifetime));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          } catch (Exception e) {
            ex.sendResponseHeaders(500, -1);
          }
        });
    tokenServer.start();
    String realm = "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
    tokenRegistry =
        LocalRegistry.start(
            LocalRegistry.Options.in(dir.resolve("token"))
                .tokenAuth(realm, "tallyman-test-registry", "tallyman-test-issuer", cert));
    new RegistryPush(tokenRegistry.url(), "Bearer " + jwt("team/app", List.of("pull", "push")))
        .push("team/app", "1", image.blobs, image.manifest);
  }

  /** A Distribution token: RS256, the signing certificate in x5c, access claims for one repo. */
  static String jwt(String repository, List<String> actions) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "RS256");
    header.put("x5c", List.of(certificate));
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "tallyman-test-issuer");
    claims.put("sub", USER);
    claims.put("aud", "tallyman-test-registry");
    claims.put("exp", now + Math.max(tokenLifetime, 5));
    claims.put("nbf", now - 10);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put(
        "access", List.of(Map.of("type", "repository", "name", repository, "actions", actions)));
    String input =
        b64.encodeToString(JSON.writeValueAsBytes(header))
            + "."
            + b64.encodeToString(JSON.writeValueAsBytes(claims));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(signingKey);
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(sig.sign());
  }

  @AfterAll
  static void stop() {
    if (basicRegistry != null) {
      basicRegistry.close();
    }
    if (tokenRegistry != null) {
      tokenRegistry.close();
    }
    if (tokenServer != null) {
      tokenServer.stop(0);
    }
  }

  private static Sbom analyze(RegistryClient client, LocalRegistry registry) throws IOException {
    try (RegistrySource source =
        new RegistrySource(
            client,
            ImageReference.of(registry.hostPort(), "team/app", "1", null),
            LayerLimits.DEFAULT)) {
      return new Analyzer().analyze(source).get(0);
    }
  }

  private static Map<String, Object> serviceProperties(Map<String, Object> extra) {
    Map<String, Object> p = new LinkedHashMap<>(extra);
    p.put("kafka.bootstrap.servers", TestStack.kafka().bootstrapServers());
    p.put(
        "tallyman.topics.prefix", "it-credentials-" + UUID.randomUUID().toString().substring(0, 8));
    p.put("tallyman.analyzer.layer-cache.enabled", "false");
    p.put("grpc.channels.advisory.address", "127.0.0.1:1");
    p.put("micronaut.server.port", "-1");
    return p;
  }

  @Test
  void htpasswdRegistryWithCredentialsFromTheServiceDockerConfig() throws IOException {
    Path config = dir.resolve("docker-config.json");
    Files.writeString(
        config,
        "{\"auths\":{\"http://"
            + basicRegistry.hostPort()
            + "/\":{\"auth\":\""
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))
            + "\"}}}");
    try (ApplicationContext ctx =
        ApplicationContext.run(
            serviceProperties(Map.of("tallyman.analyzer.docker-config", config.toString())))) {
      Sbom sbom = analyze(ctx.getBean(RegistryClient.class), basicRegistry);
      assertThat(sbom.packages()).extracting(Package::name).containsExactly("zlib1g");
      assertThat(sbom.imageDigest()).isEqualTo(image.manifestDigest);
    }
  }

  @Test
  void htpasswdRegistryWithPerRegistryKeysAndAWrongPassword() throws IOException {
    Path good = dir.resolve("password");
    Files.writeString(good, PASSWORD + "\n");
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("tallyman.registries.local.host", basicRegistry.hostPort());
    keys.put("tallyman.registries.local.credentials", "basic");
    keys.put("tallyman.registries.local.username", USER);
    keys.put("tallyman.registries.local.password-file", good.toString());
    keys.put("tallyman.registries.local.max-concurrency", "2");
    try (ApplicationContext ctx = ApplicationContext.run(serviceProperties(keys))) {
      assertThat(analyze(ctx.getBean(RegistryClient.class), basicRegistry).packages()).hasSize(1);
    }

    String wrong = "wrong-" + PASSWORD;
    RegistrySettings settings =
        new RegistrySettings(
            basicRegistry.hostPort(),
            true,
            CredentialProvider.of(Credential.basic(USER, wrong)),
            2);
    RegistryClient client = new RegistryClient(List.of(settings), Duration.ofSeconds(10));
    assertThatThrownBy(() -> analyze(client, basicRegistry))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("access denied (HTTP 401)")
        .hasMessageNotContaining(wrong);
    assertThat(settings.toString()).doesNotContain(wrong);
  }

  /**
   * The same image with Docker media types (schema 2 manifest, container config, rootfs layers).
   */
  static byte[] dockerManifest(TestImage img) {
    return new String(img.manifest, StandardCharsets.UTF_8)
        .replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)
        .replace(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG)
        .replace(MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void dockerManifestListAndSchema2ManifestsFromTheRealRegistry() throws Exception {
    TestImage amd = image;
    TestImage arm =
        new TestImage(
            "arm64",
            List.of(
                TestArchives.tar(
                    file("etc/os-release", OS_RELEASE), file("var/lib/dpkg/status", STATUS)),
                TestArchives.tar(file("etc/arm", "1"))),
            List.of("ADD rootfs.tar /", "COPY arm /etc/"));
    RegistryPush push =
        new RegistryPush(basicRegistry.url(), Credential.basic(USER, PASSWORD).basicHeader());
    StringBuilder list =
        new StringBuilder(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.DOCKER_MANIFEST_LIST
                + "\",\"manifests\":[");
    List<String> digests = new ArrayList<>();
    for (TestImage img : List.of(amd, arm)) {
      byte[] m = dockerManifest(img);
      String digest = Digests.sha256(m);
      digests.add(digest);
      push.push("team/docker", "unused-" + img.architecture, img.blobs, new byte[0], false);
      push.putManifest("team/docker", digest, m, MediaTypes.DOCKER_MANIFEST);
      list.append(digests.size() > 1 ? "," : "")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.DOCKER_MANIFEST)
          .append("\",\"digest\":\"")
          .append(digest)
          .append("\",\"size\":")
          .append(m.length)
          .append(",\"platform\":{\"os\":\"linux\",\"architecture\":\"")
          .append(img.architecture)
          .append("\"}}");
    }
    byte[] listBytes = list.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    push.putManifest("team/docker", "multi", listBytes, MediaTypes.DOCKER_MANIFEST_LIST);
    RegistryClient client =
        new RegistryClient(
            List.of(
                new RegistrySettings(
                    basicRegistry.hostPort(),
                    true,
                    CredentialProvider.of(Credential.basic(USER, PASSWORD)),
                    2)),
            Duration.ofSeconds(10));

    List<Sbom> sboms;
    try (RegistrySource source =
        new RegistrySource(
            client,
            ImageReference.of(basicRegistry.hostPort(), "team/docker", "multi", null),
            LayerLimits.DEFAULT)) {
      sboms = new Analyzer().analyze(source);
    }

    assertThat(sboms).extracting(Sbom::imageDigest).containsExactlyElementsOf(digests);
    assertThat(sboms)
        .extracting(s -> s.platform().architecture())
        .containsExactly("amd64", "arm64");
    assertThat(sboms)
        .allSatisfy(s -> assertThat(s.indexDigest()).isEqualTo(Digests.sha256(listBytes)));
    assertThat(sboms)
        .allSatisfy(
            s -> assertThat(s.packages()).extracting(Package::name).containsExactly("zlib1g"));
  }

  @Test
  void tokenAuthRegistryVerifiesOurBearerTokens() throws IOException {
    tokenRequests.clear();
    RegistryClient client =
        new RegistryClient(
            List.of(
                new RegistrySettings(
                    tokenRegistry.hostPort(),
                    true,
                    CredentialProvider.of(Credential.basic(USER, PASSWORD)),
                    4)),
            Duration.ofSeconds(10));

    Sbom first = analyze(client, tokenRegistry);
    Sbom second = analyze(client, tokenRegistry);

    assertThat(first.packages()).extracting(Package::name).containsExactly("zlib1g");
    assertThat(second).isEqualTo(first);
    // one token for repository:team/app:pull served manifest, config and layer, twice
    assertThat(tokenRequests).hasSize(1);
    assertThat(URLDecoder.decode(tokenRequests.get(0), StandardCharsets.UTF_8))
        .contains("service=tallyman-test-registry")
        .contains("scope=repository:team/app:pull");
  }

  @Test
  void tokenAuthWithoutCredentialsIsRefusedByTheTokenServer() {
    RegistryClient anonymous = new RegistryClient();
    assertThatThrownBy(() -> analyze(anonymous, tokenRegistry))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("credentials refused (HTTP 401)");
  }

  @Test
  void expiredTokensAreRenewed() throws IOException {
    tokenRequests.clear();
    tokenLifetime = 0; // stale at once: every request needs a new one
    try {
      RegistryClient client =
          new RegistryClient(
              List.of(
                  new RegistrySettings(
                      tokenRegistry.hostPort(),
                      true,
                      CredentialProvider.of(Credential.basic(USER, PASSWORD)),
                      4)),
              Duration.ofSeconds(10));
      assertThat(analyze(client, tokenRegistry).packages()).hasSize(1);
      // manifest, config, layer: three requests, three tokens
      assertThat(new ArrayList<>(tokenRequests)).hasSize(3);
    } finally {
      tokenLifetime = 300;
    }
  }
}
