package dev.tallyman.analysis.catalog.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** testdata/rpmdb.sqlite was written by Debian's rpm 4.18 (see testdata/README.md). */
class RpmCatalogerTest {
  private static final LayerInfo LAYER =
      new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD rootfs /");
  private static final OsRelease RHEL_93 =
      new OsRelease("rhel", "9.3", "Plow", "Red Hat Enterprise Linux 9.3 (Plow)", "fedora");

  private final RpmCataloger cataloger = new RpmCataloger();
  private final Notes notes = new Notes();

  private List<Package> catalog(InputStream in) throws IOException {
    return cataloger.catalog(new ImageFile(RpmCataloger.VAR_LIB, 1, in, LAYER, notes));
  }

  private List<Package> testdata() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("testdata/rpmdb.sqlite")) {
      return catalog(in);
    }
  }

  @Test
  void readsEveryHeaderOfARealRpmdb() throws IOException {
    List<Package> packages = testdata();

    assertThat(packages)
        .extracting(p -> p.name() + " " + p.version() + " " + p.arch())
        .containsExactlyInAnyOrder(
            "nodejs 1:18.18.2-2.module+el9.3.0+20360+8b6f1c3b x86_64",
            "openssl 1:3.0.7-27.el9 x86_64",
            "openssl-libs 1:3.0.7-27.el9 x86_64",
            "tzdata 2024a-1.el9 noarch");
    Package libs =
        packages.stream().filter(p -> p.name().equals("openssl-libs")).findFirst().orElseThrow();
    assertThat(libs.sourceName()).isEqualTo("openssl");
    assertThat(libs.sourceVersion()).isEqualTo("3.0.7-27.el9");
    assertThat(libs.layer()).isEqualTo(LAYER);
    assertThat(notes.list()).isEmpty();
  }

  @Test
  void purlsAndEcosystemFollowTheOs() throws IOException {
    List<Package> rhel = testdata().stream().map(p -> cataloger.complete(p, RHEL_93)).toList();

    assertThat(rhel).extracting(Package::ecosystem).containsOnly("Red Hat");
    assertThat(rhel)
        .extracting(Package::purl)
        .contains(
            "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.3&epoch=1"
                + "&upstream=openssl-3.0.7-27.el9.src.rpm",
            "pkg:rpm/rhel/tzdata@2024a-1.el9?arch=noarch&distro=rhel-9.3"
                + "&upstream=tzdata-2024a-1.el9.src.rpm");

    Package tz = testdata().stream().filter(p -> p.name().equals("tzdata")).findFirst().get();
    assertThat(cataloger.complete(tz, new OsRelease("rocky", "9.3", "", "", "")).ecosystem())
        .isEqualTo("Rocky Linux");
    assertThat(cataloger.complete(tz, new OsRelease("almalinux", "9", "", "", "")).ecosystem())
        .isEqualTo("AlmaLinux");
    assertThat(
            cataloger.complete(tz, new OsRelease("opensuse-leap", "15.5", "", "", "")).ecosystem())
        .isEqualTo("openSUSE");
    assertThat(cataloger.complete(tz, new OsRelease("sles", "15.5", "", "", "")).ecosystem())
        .isEqualTo("SUSE");
    assertThat(cataloger.complete(tz, OsRelease.UNKNOWN).purl())
        .isEqualTo(
            "pkg:rpm/redhat/tzdata@2024a-1.el9?arch=noarch&upstream=tzdata-2024a-1.el9.src.rpm");
  }

  @Test
  void modularityLabelIsRead() throws Exception {
    int[] skipped = {0};
    List<RpmEntry> entries;
    try (InputStream in = getClass().getResourceAsStream("testdata/rpmdb.sqlite")) {
      entries = SqliteRpmDb.read(in, 1 << 20, "rpmdb", skipped);
    }
    assertThat(entries)
        .filteredOn(e -> e.name().equals("nodejs"))
        .extracting(RpmEntry::modularityLabel)
        .containsExactly("nodejs:18:9030020231120082734:rhel9");
    assertThat(entries)
        .filteredOn(e -> e.name().equals("tzdata"))
        .extracting(RpmEntry::epoch)
        .containsExactly((Integer) null);
  }

  @Test
  void theTemporaryCopyIsGoneAfterwards() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    testdata();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("tallyman-rpmdb-"));
    }
  }

  @Test
  void notADatabaseIsNotedNotFatal() throws IOException {
    byte[] junk = "SQLite format 3\0 but not really".repeat(100).getBytes(StandardCharsets.UTF_8);
    assertThat(catalog(new ByteArrayInputStream(junk))).isEmpty();
    assertThat(notes.list()).anySatisfy(n -> assertThat(n).contains("unreadable rpmdb"));
  }

  @Test
  void oversizedDatabaseCopyIsCapped() throws Exception {
    byte[] big = new byte[4096];
    assertThatThrownBy(
            () -> SqliteRpmDb.read(new ByteArrayInputStream(big), 1024, "rpmdb", new int[1]))
        .hasMessageContaining("1024");
  }

  // --- the header format itself, with hostile blobs ---

  private static byte[] header(int count, int dataLength, int[][] index, byte[] data, int size) {
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(count).putInt(dataLength);
    for (int[] e : index) {
      b.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
    }
    b.put(data, 0, Math.min(data.length, b.remaining()));
    return b.array();
  }

  @Test
  void headerWithNameAndEpoch() {
    byte[] data = "demo\0\0\0\0\0\0\0\7".getBytes(StandardCharsets.ISO_8859_1);
    byte[] blob =
        header(2, data.length, new int[][] {{1000, 6, 0, 1}, {1003, 4, 8, 1}}, data, 8 + 32 + 12);
    RpmHeader h = RpmHeader.parse(blob);
    assertThat(h.string(RpmHeader.NAME)).isEqualTo("demo");
    assertThat(h.integer(RpmHeader.EPOCH)).isEqualTo(7);
    assertThat(h.string(RpmHeader.VERSION)).isEmpty();
  }

  @Test
  void hostileHeadersAreRejected() {
    byte[] data = "demo".getBytes(StandardCharsets.ISO_8859_1);
    // Unterminated string, offset past the data, data longer than the blob, absurd counts.
    assertThatThrownBy(() -> RpmHeader.parse(header(1, 4, new int[][] {{1000, 6, 0, 1}}, data, 28)))
        .hasMessageContaining("not terminated");
    assertThatThrownBy(
            () -> RpmHeader.parse(header(1, 4, new int[][] {{1000, 6, 99, 1}}, data, 28)))
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () -> RpmHeader.parse(header(1, 9999, new int[][] {{1000, 6, 0, 1}}, data, 28)))
        .hasMessageContaining("exceeds");
    assertThatThrownBy(() -> RpmHeader.parse(header(-1, 0, new int[0][], data, 12)))
        .hasMessageContaining("index count");
    assertThatThrownBy(() -> RpmHeader.parse(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RpmHeader.parse(header(1, 2, new int[][] {{1003, 4, 0, 1}}, data, 26)))
        .hasMessageContaining("truncated");
  }

  @Test
  void sourceRpmNames() {
    RpmEntry e = new RpmEntry("x", null, "1", "2", "", "glibc-2.34-83.el9_3.7.src.rpm", "");
    assertThat(e.sourceName()).isEqualTo("glibc");
    assertThat(e.sourceVersion()).isEqualTo("2.34-83.el9_3.7");
    assertThat(new RpmEntry("x", 0, "1", "2", "", "weird", "").sourceName()).isEmpty();
    assertThat(new RpmEntry("x", 0, "1", "2", "", "", "").evr()).isEqualTo("1-2");
  }
}
