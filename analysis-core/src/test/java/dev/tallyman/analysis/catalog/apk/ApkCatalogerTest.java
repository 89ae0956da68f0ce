package dev.tallyman.analysis.catalog.apk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** testdata/installed is an Alpine 3.18 installed database excerpt (see its README). */
class ApkCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD rootfs /");
  private static final OsRelease ALPINE_318 =
      new OsRelease("alpine", "3.18.4", "", "Alpine Linux v3.18", "");

  private final ApkCataloger cataloger = new ApkCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(InputStream in) throws IOException {
    return cataloger.catalog(new ImageFile(ApkCataloger.INSTALLED, 1, in, LAYER, notes));
  }

  private List<Package> testdata() throws IOException {
    return catalog(getClass().getResourceAsStream("testdata/installed"));
  }

  @Test
  void parsesEveryRecordOfARealDatabase() throws IOException {
    List<ApkEntry> entries =
        ApkDbParser.parse(
            new InputStreamReader(
                getClass().getResourceAsStream("testdata/installed"), StandardCharsets.UTF_8),
            new int[1]);

    assertThat(entries)
        .extracting(ApkEntry::name)
        .containsExactly(
            "alpine-baselayout-data",
            "musl",
            "busybox",
            "libcrypto3",
            "libssl3",
            "ssl_client",
            "zlib"); // the last record has no trailing blank line
    assertThat(entries.get(1))
        .isEqualTo(
            new ApkEntry(
                "musl", "1.2.4-r2", "x86_64", "musl", "Timo Teräs <timo.teras@iki.fi>", "MIT"));
  }

  @Test
  void packagesCarryOriginAndAlpinePurls() throws IOException {
    List<Package> packages =
        testdata().stream().map(p -> cataloger.complete(p, ALPINE_318)).toList();

    Package crypto =
        packages.stream().filter(p -> p.name().equals("libcrypto3")).findFirst().orElseThrow();
    assertThat(crypto.ecosystem()).isEqualTo("Alpine");
    assertThat(crypto.version()).isEqualTo("3.1.4-r1");
    assertThat(crypto.sourceName()).isEqualTo("openssl");
    assertThat(crypto.arch()).isEqualTo("x86_64");
    assertThat(crypto.layer()).isEqualTo(LAYER);
    assertThat(crypto.purl())
        .isEqualTo(
            "pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&distro=alpine-3.18.4&upstream=openssl");
    assertThat(packages)
        .filteredOn(p -> p.sourceName().equals("busybox"))
        .extracting(Package::name)
        .containsExactlyInAnyOrder("busybox", "ssl_client");
  }

  @Test
  void wolfiAndChainguardKeepTheirOwnEcosystem() throws IOException {
    Package zlib = testdata().get(6);
    Package wolfi = cataloger.complete(zlib, new OsRelease("wolfi", "20230201", "", "Wolfi", ""));
    assertThat(wolfi.ecosystem()).isEqualTo("Wolfi");
    assertThat(wolfi.purl())
        .isEqualTo("pkg:apk/wolfi/zlib@1.2.13-r1?arch=x86_64&distro=wolfi-20230201&upstream=zlib");
    assertThat(cataloger.complete(zlib, new OsRelease("chainguard", "", "", "", "")).ecosystem())
        .isEqualTo("Chainguard");
    // Without any OS file the packages are still Alpine's, just without a distro.
    assertThat(cataloger.complete(zlib, OsRelease.UNKNOWN).purl())
        .isEqualTo("pkg:apk/alpine/zlib@1.2.13-r1?arch=x86_64&upstream=zlib");
  }

  @Test
  void recordsWithoutNameOrVersionAreSkippedWithANote() throws IOException {
    String text = "V:1.0-r0\nA:x86_64\n\nP:ok\nV:2.0-r1\n\n\n\nP:noversion\n\nP:last\nV:3-r0";
    List<Package> packages =
        catalog(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));

    assertThat(packages).extracting(Package::name).containsExactly("ok", "last");
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("skipped 2 records"));
  }

  @Test
  void hugeFileListsAndOverlongValuesStayBounded() throws IOException {
    StringBuilder db = new StringBuilder("P:big\nV:1.0-r0\nT:" + "d".repeat(100_000) + "\n");
    for (int i = 0; i < 50_000; i++) {
      db.append("R:file").append(i).append("\nZ:Q1abc=\n");
    }
    db.append("o:").append("o".repeat(10_000)).append("\n\nP:after\nV:2\n");
    List<ApkEntry> entries = ApkDbParser.parse(new StringReader(db.toString()), new int[1]);

    assertThat(entries).extracting(ApkEntry::name).containsExactly("big", "after");
    assertThat(entries.get(0).origin()).hasSize(4096);

    // One endless line (no newline at all) is cut while reading, not after.
    String endless = "P:x\nV:1\nT:" + "t".repeat(5_000_000);
    assertThat(ApkDbParser.parse(new StringReader(endless), new int[1]))
        .extracting(ApkEntry::name)
        .containsExactly("x");
  }

  @Test
  void binaryGarbageYieldsNothingRatherThanFailing() throws IOException {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    assertThat(catalog(new ByteArrayInputStream(junk))).isEmpty();
  }
}
