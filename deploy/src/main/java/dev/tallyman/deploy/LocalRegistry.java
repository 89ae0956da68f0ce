package dev.tallyman.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real OCI Distribution registry (Debian's {@code docker-registry}, Distribution 2.8) on
 * 127.0.0.1 with filesystem storage in the work dir, deletes enabled, and optional push
 * notifications and htpasswd basic auth or token (JWT bearer) auth.
 */
public final class LocalRegistry implements RegistryNode {
  public static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Path BINARY = Path.of("/usr/bin/docker-registry");

  /**
   * How to start. {@code port} 0 = a free one; {@code notificationUrl} null = no notifications;
   * {@code htpasswdUser} null = no auth; {@code detached} = outlives this JVM.
   */
  public record Options(
      Path workDir,
      int port,
      String notificationUrl,
      Map<String, String> notificationHeaders,
      String htpasswdUser,
      String htpasswdPassword,
      boolean detached,
      Duration timeout,
      TokenAuth tokenAuth) {
    public Options {
      Objects.requireNonNull(workDir, "workDir");
      notificationHeaders =
          Map.copyOf(notificationHeaders == null ? Map.of() : notificationHeaders);
    }

    public static Options in(Path workDir) {
      return new Options(workDir, 0, null, Map.of(), null, null, false, START_TIMEOUT, null);
    }

    public Options port(int p) {
      return new Options(
          workDir,
          p,
          notificationUrl,
          notificationHeaders,
          htpasswdUser,
          htpasswdPassword,
          detached,
          timeout,
          tokenAuth);
    }

    /** Push/pull events are POSTed to {@code url} with these extra headers (e.g. Authorization). */
    public Options notifications(String url, Map<String, String> headers) {
      return new Options(
          workDir,
          port,
          url,
          headers,
          htpasswdUser,
          htpasswdPassword,
          detached,
          timeout,
          tokenAuth);
    }

    public Options htpasswd(String user, String password) {
      return new Options(
          workDir,
          port,
          notificationUrl,
          notificationHeaders,
          user,
          password,
          detached,
          timeout,
          tokenAuth);
    }

    public Options detach() {
      return new Options(
          workDir,
          port,
          notificationUrl,
          notificationHeaders,
          htpasswdUser,
          htpasswdPassword,
          true,
          timeout,
          tokenAuth);
    }

    /**
     * Distribution's token auth: clients are sent to {@code realm} for a JWT signed by a key whose
     * certificate (or its issuer) is in {@code rootCertBundle}, naming {@code issuer} and {@code
     * service}. Replaces htpasswd.
     */
    public Options tokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
      return new Options(
          workDir,
          port,
          notificationUrl,
          notificationHeaders,
          null,
          null,
          detached,
          timeout,
          new TokenAuth(realm, service, issuer, rootCertBundle));
    }

    public Options timeout(Duration t) {
      return new Options(
          workDir,
          port,
          notificationUrl,
          notificationHeaders,
          htpasswdUser,
          htpasswdPassword,
          detached,
          t,
          tokenAuth);
    }
  }

  /** Token auth settings (see {@link Options#tokenAuth}). */
  public record TokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
    public TokenAuth {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(rootCertBundle, "rootCertBundle");
    }
  }

  private final ManagedProcess process;
  private final int port;

  private LocalRegistry(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static LocalRegistry start(Options o) {
    if (!Files.isExecutable(BINARY)) {
      throw new StartFailure(BINARY + " is missing: apt-get install docker-registry");
    }
    int port = Ports.orFree(o.port());
    Ports.requireFree(port, "registry");
    Path dir = o.workDir().toAbsolutePath();
    try {
      Files.createDirectories(dir.resolve("storage"));
      Path htpasswd = null;
      if (o.htpasswdUser() != null) {
        htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, htpasswdLine(o.htpasswdUser(), o.htpasswdPassword()));
      }
      Path config = dir.resolve("config.yml");
      Files.writeString(config, config(o, port, dir.resolve("storage"), htpasswd));
      ManagedProcess p =
          ManagedProcess.start(
              "registry",
              List.of(BINARY.toString(), "serve", config.toString()),
              Map.of(),
              dir,
              dir.resolve("registry.log"),
              o.detached());
      LocalRegistry r = new LocalRegistry(p, port);
      p.awaitReady(o.timeout(), r::answers);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** bcrypt line via {@code htpasswd -Bbn} (apache2-utils). */
  private static String htpasswdLine(String user, String password) {
    if (user.contains(":") || user.isBlank() || password == null) {
      throw new IllegalArgumentException(
          "htpasswd user must be non-blank without ':' and have a password");
    }
    String out =
        ManagedProcess.run(
            "htpasswd",
            List.of("htpasswd", "-Bbn", user, password),
            Path.of("/"),
            Duration.ofSeconds(30));
    return out.strip() + "\n";
  }

  static String config(Options o, int port, Path storage, Path htpasswd) {
    StringBuilder y = new StringBuilder();
    y.append("version: 0.1\n")
        .append("log:\n  level: info\n  formatter: text\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(quote(storage.toString()))
        .append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append('\n')
        .append("  secret: ")
        .append(HexFormat.of().formatHex(random(16)))
        .append('\n')
        .append("  headers:\n    X-Content-Type-Options: [nosniff]\n");
    if (htpasswd != null) {
      y.append("auth:\n  htpasswd:\n    realm: tallyman-local\n    path: ")
          .append(quote(htpasswd.toString()))
          .append('\n');
    } else if (o.tokenAuth() != null) {
      TokenAuth t = o.tokenAuth();
      y.append("auth:\n  token:\n    realm: ")
          .append(quote(t.realm()))
          .append("\n    service: ")
          .append(quote(t.service()))
          .append("\n    issuer: ")
          .append(quote(t.issuer()))
          .append("\n    rootcertbundle: ")
          .append(quote(t.rootCertBundle().toAbsolutePath().toString()))
          .append('\n');
    }
    if (o.notificationUrl() != null) {
      y.append("notifications:\n  events:\n    includereferences: true\n  endpoints:\n")
          .append("    - name: tallyman\n")
          .append("      url: ")
          .append(quote(o.notificationUrl()))
          .append('\n')
          .append("      timeout: 1s\n      threshold: 3\n      backoff: 1s\n");
      if (!o.notificationHeaders().isEmpty()) {
        y.append("      headers:\n");
        new LinkedHashMap<>(o.notificationHeaders())
            .forEach(
                (k, v) ->
                    y.append("        ")
                        .append(quote(k))
                        .append(": [")
                        .append(quote(v))
                        .append("]\n"));
      }
    }
    return y.toString();
  }

  /** YAML double-quoted scalar. */
  private static String quote(String s) {
    if (s.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "control characters are not allowed in registry config values");
    }
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** GET /v2/ answers 200 (or 401 when auth is on). */
  public boolean answers() {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url() + "/v2/"))
                      .timeout(Duration.ofSeconds(2))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 || r.statusCode() == 401;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code 127.0.0.1:PORT} (for image references and skopeo). */
  public String hostPort() {
    return Ports.HOST + ":" + port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + hostPort();
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return process.logFile();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
  }
}
