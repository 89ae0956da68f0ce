package dev.tallyman.cli.image;

import static dev.tallyman.analysis.testing.TestArchives.Entry.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.oci.Digests;
import dev.tallyman.analysis.testing.TestArchives;
import dev.tallyman.analysis.testing.TestImage;
import dev.tallyman.cli.TallymanCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeSha256Test {
  @TempDir Path tmp;

  private static boolean linuxX8664() {
    return System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
  }

  @Test
  void loadsWhereTheLibraryIsBuiltForAndThenServesEveryDigest() {
    String why = NativeSha256.load(Map.of());

    if (linuxX8664()) {
      assertThat(why).isNull();
      assertThat(Digests.sha256Provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
      // FIPS 180-2 B.2 (two blocks), through the provider now in use.
      byte[] two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes();
      assertThat(HexFormat.of().formatHex(Digests.newSha256().digest(two)))
          .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    } else {
      assertThat(why).isNotNull();
      assertThat(Digests.sha256Provider().getName()).isEqualTo("SUN");
    }
  }

  @Test
  void canBeTurnedOff() {
    assertThat(NativeSha256.load(Map.of("TALLYMAN_NATIVE_SHA256", "0")))
        .isEqualTo("turned off by TALLYMAN_NATIVE_SHA256=0");
  }

  @Test
  void theLaunchersMarkerFollowsTheOutcome() {
    Path marker = tmp.resolve("cache/tallyman/sha256-1-2.ok");
    StringWriter err = new StringWriter();

    NativeSha256.settle(null, marker, false, new PrintWriter(err));
    assertThat(marker).exists();
    NativeSha256.settle(null, marker, true, new PrintWriter(err));
    assertThat(marker).exists();
    assertThat(err.toString()).isEmpty();

    NativeSha256.settle("not loaded: no such file", marker, false, new PrintWriter(err));
    assertThat(marker).doesNotExist();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aC1OnlyRunWithoutItSaysSo() {
    StringWriter err = new StringWriter();

    NativeSha256.settle("not loaded: noexec /tmp", null, true, new PrintWriter(err));

    assertThat(err.toString())
        .contains("native SHA-256 unavailable (not loaded: noexec /tmp)")
        .contains("the next one uses the full JIT");
  }

  /** The analysis after the native digest is in place still refuses a layer that was changed. */
  @Test
  void aTamperedLayerIsStillRefused() throws IOException {
    TestImage image =
        new TestImage(
            "amd64",
            List.of(TestArchives.tar(file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"))),
            List.of("ADD rootfs /"));
    Path layout = TestImage.writeOciLayout(tmp.resolve("layout"), List.of(image), null);
    String layerDigest = image.layerDigests.get(0);
    // Another readable layer in the blob's place: only its digest can tell.
    Files.write(
        layout.resolve("blobs/sha256/" + Digests.hex(layerDigest)),
        TestArchives.gzip(
            TestArchives.tar(file("etc/os-release", "ID=Debian\nVERSION_ID=\"12\"\n"))));

    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try (PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      System.setErr(err);
      code = TallymanCommand.execute("sbom", "oci-dir:" + layout, "--format", "table");
    } finally {
      System.setErr(saved);
    }

    assertThat(code).isEqualTo(1);
    assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains(layerDigest);
    if (linuxX8664()) {
      assertThat(Digests.sha256Provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }
  }
}
