package dev.tallyman.advisory.service.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.bundle.AdvisoryBundle;
import dev.tallyman.advisory.feed.debian.DebianTrackerFeed;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.deploy.SharedData;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service starts from a signed bundle (file or imported directory) and refuses a bad one. */
class BundleServingTest {
  @TempDir Path tmp;

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

  private static List<String> matches(AdvisoryStore store) {
    InstalledPackage p =
        new InstalledPackage(
            "p1", "Debian", "libjs-prototype", "1.5.0-1", "prototypejs", null, null);
    return MatchEngine.standard()
        .match(new Distro("debian", "9"), List.of(p), store.snapshot().index())
        .matches()
        .stream()
        .map(m -> m.vulnerability().id())
        .toList();
  }

  @Test
  void startsFromAVerifiedBundleAndRefusesATamperedOne() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path pub = tmp.resolve("pub.pem");
    pem(pub, "PUBLIC KEY", kp.getPublic().getEncoded());
    Path tracker =
        SharedData.advisories()
            .resolve("vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input");
    FeedUpdate u =
        new DebianTrackerFeed(Fetcher.of(tracker.toString(), Map.of()), "debian.json").update(null);
    Path file = tmp.resolve("advisories.zip");
    AdvisoryBundle.write(
        file,
        List.of(
            new AdvisoryBundle.Feed(
                "debian",
                "tracker",
                Instant.now(),
                u.errors().count(),
                "",
                u.records(),
                List.of())),
        kp.getPrivate(),
        Instant.now());
    Path imported = tmp.resolve("imported");
    AdvisoryBundle.importTo(file, kp.getPublic(), imported);

    for (Path source : List.of(file, imported)) {
      try (ApplicationContext ctx =
          ApplicationContext.run(
              Map.of(
                  "tallyman.advisories.bundle.path",
                  source.toString(),
                  "tallyman.advisories.bundle.public-key",
                  pub.toString(),
                  "grpc.server.port",
                  "-1",
                  "micronaut.server.port",
                  "-1"))) {
        AdvisoryStore store = ctx.getBean(AdvisoryStore.class);
        FeedState debian =
            store.snapshot().feeds().stream()
                .filter(f -> f.name().equals("debian"))
                .findFirst()
                .orElseThrow();
        assertThat(debian.recordCount()).isEqualTo(6);
        assertThat(debian.rejectedCount()).isEqualTo(1);
        assertThat(debian.stale()).isFalse();
        assertThat(matches(store)).contains("CVE-2008-7220");
      }
    }

    // one flipped byte in a data entry of the imported directory: nothing is served
    Path entry = imported.resolve("feeds/debian.osv.jsonl.gz");
    byte[] b = Files.readAllBytes(entry);
    b[b.length / 2] ^= 1;
    Files.write(entry, b);
    try (ApplicationContext ctx =
        ApplicationContext.run(
            Map.of(
                "tallyman.advisories.bundle.path",
                imported.toString(),
                "tallyman.advisories.bundle.public-key",
                pub.toString(),
                "grpc.server.port",
                "-1",
                "micronaut.server.port",
                "-1"))) {
      AdvisoryStore store = ctx.getBean(AdvisoryStore.class);
      assertThat(store.snapshot().index().advisoryCount()).isZero();
      assertThat(store.snapshot().feeds())
          .singleElement()
          .satisfies(f -> assertThat(f.error()).contains("refused").contains("sha256"));
    }
  }
}
