package dev.tallyman.cli.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.tallyman.cli.TallymanCommand;
import dev.tallyman.deploy.SharedData;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.FeedInfo;
import dev.tallyman.proto.v1.FeedStatusRequest;
import dev.tallyman.proto.v1.FeedStatusResponse;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The advisories command end to end: export, import (and its refusals), status over gRPC. */
class AdvisoriesCommandTest {
  @TempDir Path tmp;
  private Path key;
  private Path pub;
  private Path otherPub;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TallymanCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void pem(Path file, String label, byte[] der) throws Exception {
    Files.writeString(
        file,
        "-----BEGIN "
            + label
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + label
            + "-----\n");
  }

  @BeforeEach
  void keys() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    key = tmp.resolve("key.pem");
    pub = tmp.resolve("key.pub.pem");
    otherPub = tmp.resolve("other.pub.pem");
    pem(key, "PRIVATE KEY", kp.getPrivate().getEncoded());
    pem(pub, "PUBLIC KEY", kp.getPublic().getEncoded());
    pem(
        otherPub,
        "PUBLIC KEY",
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
  }

  private Path export() {
    Path bundle = tmp.resolve("advisories.zip");
    Path ghsa = SharedData.advisories().resolve("osv/ghsa");
    Path go = SharedData.advisories().resolve("osv-bulk/Go/all.zip");
    Run r =
        run(
            "advisories",
            "export",
            bundle.toString(),
            "--advisories",
            ghsa + "," + go,
            "--key",
            key.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 feeds");
    return bundle;
  }

  @Test
  void exportThenImportInstallsTheVerifiedBundle() throws Exception {
    Path bundle = export();
    Path into = tmp.resolve("site/advisories");
    Run r =
        run(
            "advisories",
            "import",
            bundle.toString(),
            "--public-key",
            pub.toString(),
            "--into",
            into.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("ghsa").contains("all.zip");
    assertThat(into.resolve("manifest.json")).exists();
    assertThat(into.resolve("feeds/all.zip.osv.jsonl.gz")).exists();
  }

  @Test
  void wrongKeyTamperedAndTruncatedBundlesAreRefusedAndNothingChanges() throws Exception {
    Path bundle = export();
    Path into = tmp.resolve("site/advisories");
    assertThat(
            run(
                    "advisories",
                    "import",
                    bundle.toString(),
                    "--public-key",
                    pub.toString(),
                    "--into",
                    into.toString())
                .code())
        .isZero();
    byte[] manifest = Files.readAllBytes(into.resolve("manifest.json"));

    Run wrongKey =
        run(
            "advisories",
            "import",
            bundle.toString(),
            "--public-key",
            otherPub.toString(),
            "--into",
            into.toString());
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("import refused, nothing changed").contains("signature");

    byte[] all = Files.readAllBytes(bundle);
    Path cut = tmp.resolve("cut.zip");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length * 2 / 3));
    Run truncated =
        run(
            "advisories",
            "import",
            cut.toString(),
            "--public-key",
            pub.toString(),
            "--into",
            into.toString());
    assertThat(truncated.code()).isEqualTo(1);
    assertThat(truncated.err()).contains("import refused, nothing changed");

    // flip one byte in the middle of the archive (inside a compressed feed entry)
    byte[] flipped = all.clone();
    flipped[flipped.length / 3] ^= 0x55;
    Path tampered = tmp.resolve("tampered.zip");
    Files.write(tampered, flipped);
    Run bad =
        run(
            "advisories",
            "import",
            tampered.toString(),
            "--public-key",
            pub.toString(),
            "--into",
            into.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("import refused, nothing changed");

    assertThat(Files.readAllBytes(into.resolve("manifest.json"))).isEqualTo(manifest);
  }

  @Test
  void statusPrintsEveryFeedAsTableOrJsonFromARealGrpcPeer() throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new AdvisoryServiceGrpc.AdvisoryServiceImplBase() {
                  @Override
                  public void feedStatus(
                      FeedStatusRequest req, StreamObserver<FeedStatusResponse> resp) {
                    resp.onNext(
                        FeedStatusResponse.newBuilder()
                            .addFeeds(
                                FeedInfo.newBuilder()
                                    .setName("debian")
                                    .setRecordCount(41234)
                                    .setLastSuccess(
                                        Timestamp.newBuilder().setSeconds(1_795_000_000)))
                            .addFeeds(
                                FeedInfo.newBuilder()
                                    .setName("epss")
                                    .setStale(true)
                                    .setError("HTTP 404"))
                            .build());
                    resp.onCompleted();
                  }
                })
            .build()
            .start();
    try {
      String addr = "127.0.0.1:" + server.getPort();
      Run table = run("advisories", "status", "--advisory-service", addr);
      assertThat(table.code()).isEqualTo(3); // a stale feed
      assertThat(table.out())
          .contains("FEED")
          .contains("debian")
          .contains("41234")
          .contains("never")
          .contains("HTTP 404");
      Run json = run("advisories", "status", "--advisory-service", addr, "--format", "json");
      JsonNode feeds = new ObjectMapper().readTree(json.out()).path("feeds");
      assertThat(feeds).hasSize(2);
      assertThat(feeds.get(0).path("records").asLong()).isEqualTo(41234);
      assertThat(feeds.get(1).path("stale").asBoolean()).isTrue();
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    Run down =
        run("advisories", "status", "--advisory-service", "127.0.0.1:1", "--timeout", "PT2S");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("did not answer");
  }
}
