package dev.tallyman.advisory.feed.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedData;
import dev.tallyman.advisory.feed.FeedUpdate;
import dev.tallyman.advisory.feed.Fetcher;
import dev.tallyman.advisory.feed.kev.KevFeed;
import dev.tallyman.advisory.osv.OsvLoader;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed bundles: round trip, and every way a bundle can be wrong is refused before any use. */
class AdvisoryBundleTest {
  @TempDir Path tmp;
  private PrivateKey priv;
  private PublicKey pub;
  private List<AdvisoryBundle.Feed> feeds;

  /** PEM files as openssl writes them, so the key loader is exercised too. */
  private static Path pem(Path file, String label, byte[] der) throws Exception {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n");
    return file;
  }

  @BeforeEach
  void setUp() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    priv =
        BundleKeys.privateKey(
            pem(tmp.resolve("key.pem"), "PRIVATE KEY", kp.getPrivate().getEncoded()));
    pub =
        BundleKeys.publicKey(
            pem(tmp.resolve("key.pub.pem"), "PUBLIC KEY", kp.getPublic().getEncoded()));
    List<OsvRecord> records = new ArrayList<>();
    new OsvLoader().load(FeedData.advisories().resolve("osv/ghsa"), records::add);
    FeedUpdate kev =
        new KevFeed(
                Fetcher.of(FeedData.advisories().toString(), Map.of()),
                "kev/known_exploited_vulnerabilities.json")
            .update(null);
    feeds =
        List.of(
            new AdvisoryBundle.Feed(
                "ghsa",
                "/srv/ghsa",
                Instant.parse("2026-11-28T09:00:00Z"),
                2,
                "",
                records,
                List.of()),
            new AdvisoryBundle.Feed(
                "kev",
                "/srv/kev",
                Instant.parse("2026-11-28T09:30:00Z"),
                0,
                "",
                List.of(),
                kev.enrichments()));
  }

  private Path writeBundle() throws Exception {
    Path file = tmp.resolve("out/advisories.zip");
    AdvisoryBundle.write(file, feeds, priv, Instant.parse("2026-11-28T10:00:00Z"));
    return file;
  }

  @Test
  void roundTripKeepsEveryRecordEnrichmentAndStatus() throws Exception {
    Path file = writeBundle();
    Path target = tmp.resolve("imported");
    AdvisoryBundle.Manifest m = AdvisoryBundle.importTo(file, pub, target);
    assertThat(m.feeds()).extracting(AdvisoryBundle.FeedInfo::name).containsExactly("ghsa", "kev");
    assertThat(m.feeds().get(0).rejectedCount()).isEqualTo(2);
    AdvisoryBundle.Loaded fromDir = AdvisoryBundle.load(target, pub, tmp.resolve("work"));
    AdvisoryBundle.Loaded fromFile = AdvisoryBundle.load(file, pub, tmp.resolve("work"));
    for (AdvisoryBundle.Loaded l : List.of(fromDir, fromFile)) {
      assertThat(l.feeds().get(0).records()).isEqualTo(feeds.get(0).records()).isNotEmpty();
      List<Enrichment> kev = l.feeds().get(1).enrichments();
      assertThat(kev).hasSize(1404).isEqualTo(feeds.get(1).enrichments());
      assertThat(l.feeds().get(1).lastSuccess()).isEqualTo(Instant.parse("2026-11-28T09:30:00Z"));
    }
    // same input, same bytes: bundles are reproducible
    byte[] first = Files.readAllBytes(file);
    assertThat(Files.readAllBytes(writeBundle())).isEqualTo(first);
    // no temp leftovers beside the target
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".import-"));
    }
  }

  /** Rewrites the zip, changing entries through {@code edit} (null drops the entry). */
  private Path rewrite(
      Path file,
      java.util.function.BiFunction<String, byte[], byte[]> edit,
      Map<String, byte[]> extra)
      throws Exception {
    Path out = tmp.resolve("edited-" + System.nanoTime() + ".zip");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file));
        ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] b = edit.apply(e.getName(), in.readAllBytes());
        if (b != null) {
          zout.putNextEntry(new ZipEntry(e.getName()));
          zout.write(b);
          zout.closeEntry();
        }
      }
      for (Map.Entry<String, byte[]> x : extra.entrySet()) {
        zout.putNextEntry(new ZipEntry(x.getKey()));
        zout.write(x.getValue());
        zout.closeEntry();
      }
    }
    return out;
  }

  private void assertRefusedAndTargetUntouched(Path bad, PublicKey key, String reason)
      throws Exception {
    Path target = tmp.resolve("imported");
    AdvisoryBundle.importTo(writeBundle(), pub, target);
    byte[] before = Files.readAllBytes(target.resolve(AdvisoryBundle.MANIFEST));
    assertThatThrownBy(() -> AdvisoryBundle.importTo(bad, key, target))
        .isInstanceOf(AdvisoryBundle.InvalidBundleException.class)
        .hasMessageContaining(reason);
    assertThat(Files.readAllBytes(target.resolve(AdvisoryBundle.MANIFEST))).isEqualTo(before);
    assertThat(AdvisoryBundle.load(target, pub, tmp.resolve("work")).feeds()).hasSize(2);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".import-"));
    }
  }

  @Test
  void aTamperedEntryIsRefused() throws Exception {
    Path bad =
        rewrite(
            writeBundle(),
            (name, b) -> {
              if (name.equals("feeds/ghsa.osv.jsonl.gz")) {
                b[b.length / 2] ^= 1;
              }
              return b;
            },
            Map.of());
    assertRefusedAndTargetUntouched(bad, pub, "fails its sha256 check");
  }

  @Test
  void aTamperedManifestIsRefused() throws Exception {
    Path bad =
        rewrite(
            writeBundle(),
            (name, b) ->
                name.equals(AdvisoryBundle.MANIFEST)
                    ? new String(b, StandardCharsets.UTF_8)
                        .replace("\"rejectedCount\" : 2", "\"rejectedCount\" : 0")
                        .getBytes(StandardCharsets.UTF_8)
                    : b,
            Map.of());
    assertRefusedAndTargetUntouched(bad, pub, "signature does not verify");
  }

  @Test
  void aBundleSignedWithAnotherKeyIsRefused() throws Exception {
    PublicKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    assertRefusedAndTargetUntouched(writeBundle(), other, "signature does not verify");
  }

  @Test
  void aTruncatedFileIsRefused() throws Exception {
    Path file = writeBundle();
    byte[] all = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.zip");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    assertRefusedAndTargetUntouched(cut, pub, "");
  }

  @Test
  void missingExtraAndEscapingEntriesAreRefused() throws Exception {
    Path file = writeBundle();
    Path missing =
        rewrite(file, (n, b) -> n.equals("feeds/kev.enrichments.jsonl.gz") ? null : b, Map.of());
    assertRefusedAndTargetUntouched(missing, pub, "missing feeds/kev.enrichments.jsonl.gz");
    Path extra = rewrite(file, (n, b) -> b, Map.of("feeds/evil.osv.jsonl.gz", gz("{}")));
    assertRefusedAndTargetUntouched(extra, pub, "not in the signed manifest");
    Path escaping = rewrite(file, (n, b) -> b, Map.of("../../etc/evil", new byte[] {1}));
    assertRefusedAndTargetUntouched(escaping, pub, "unexpected entry");
    assertThat(tmp.getParent().resolve("etc/evil")).doesNotExist();
  }

  /** A test-only key pair made by openssl genpkey/pkey, as the docs tell users to make theirs. */
  @Test
  void keysWrittenByOpensslSignAndVerify() throws Exception {
    Path dir = Path.of(getClass().getResource("testdata/openssl-test-key.pem").toURI()).getParent();
    PrivateKey k = BundleKeys.privateKey(dir.resolve("openssl-test-key.pem"));
    PublicKey p = BundleKeys.publicKey(dir.resolve("openssl-test-key.pub.pem"));
    Path file = tmp.resolve("openssl.zip");
    AdvisoryBundle.write(file, feeds, k, Instant.now());
    assertThat(AdvisoryBundle.load(file, p, tmp.resolve("work")).feeds()).hasSize(2);
    assertThatThrownBy(() -> AdvisoryBundle.load(file, pub, tmp.resolve("work")))
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void keysThatAreNotEd25519PemAreRefusedWithTheReason() throws Exception {
    Path notPem = Files.writeString(tmp.resolve("bad.pem"), "hello");
    assertThatThrownBy(() -> BundleKeys.privateKey(notPem))
        .hasMessageContaining("no -----BEGIN PRIVATE KEY-----");
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path rsaPem = pem(tmp.resolve("rsa.pem"), "PUBLIC KEY", rsa.getPublic().getEncoded());
    assertThatThrownBy(() -> BundleKeys.publicKey(rsaPem))
        .hasMessageContaining("not an Ed25519 public key");
  }

  private static byte[] gz(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var g = new java.util.zip.GZIPOutputStream(out)) {
      g.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
