package dev.tallyman.analysis.catalog.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three rpmdb formats. testdata/Packages (Berkeley DB hash) and testdata/Packages.db (NDB) hold
 * the very header blobs of testdata/rpmdb.sqlite, written by Berkeley DB's db_load and by rpm's own
 * NDB code (testdata/make-legacy-dbs.sh), so all three must read the same.
 */
class RpmDatabasesTest {
  private static final List<String> EXPECTED =
      List.of(
          "nodejs 1 18.18.2 2.module+el9.3.0+20360+8b6f1c3b x86_64"
              + " nodejs-18.18.2-2.module+el9.3.0+20360+8b6f1c3b.src.rpm"
              + " nodejs:18:9030020231120082734:rhel9",
          "openssl 1 3.0.7 27.el9 x86_64 openssl-3.0.7-27.el9.src.rpm ",
          "openssl-libs 1 3.0.7 27.el9 x86_64 openssl-3.0.7-27.el9.src.rpm ",
          "tzdata  2024a 1.el9 noarch tzdata-2024a-1.el9.src.rpm ");

  /** Same fields and layout as {@link #RPM_QF}. */
  private static String line(RpmEntry e) {
    return String.join(
        " ",
        e.name(),
        e.epoch() == null ? "" : e.epoch().toString(),
        e.version(),
        e.release(),
        e.arch(),
        e.sourceRpm(),
        e.modularityLabel());
  }

  private static final String RPM_QF =
      "%{NAME} %|EPOCH?{%{EPOCH}}:{}| %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM}"
          + " %|MODULARITYLABEL?{%{MODULARITYLABEL}}:{}|\\n";

  private static byte[] testdata(String name) throws IOException {
    try (InputStream in = RpmDatabasesTest.class.getResourceAsStream("testdata/" + name)) {
      return in.readAllBytes();
    }
  }

  private static RpmDatabases.Result read(byte[] db) throws IOException, SQLException {
    return RpmDatabases.read(new ByteArrayInputStream(db), 1 << 24, "rpmdb");
  }

  private static List<String> lines(RpmDatabases.Result r) {
    return r.entries().stream().map(RpmDatabasesTest::line).sorted().toList();
  }

  @Test
  void allThreeFormatsReadTheSamePackages() throws Exception {
    RpmDatabases.Result sqlite = read(testdata("rpmdb.sqlite"));
    RpmDatabases.Result bdb = read(testdata("Packages"));
    RpmDatabases.Result ndb = read(testdata("Packages.db"));

    assertThat(sqlite.format()).isEqualTo(RpmDatabases.Format.SQLITE);
    assertThat(bdb.format()).isEqualTo(RpmDatabases.Format.BDB);
    assertThat(ndb.format()).isEqualTo(RpmDatabases.Format.NDB);
    for (RpmDatabases.Result r : List.of(sqlite, bdb, ndb)) {
      assertThat(lines(r)).as(r.format().name()).containsExactlyElementsOf(EXPECTED);
      assertThat(r.skipped()).as(r.format().name()).isZero();
    }
    // NDB lists in package-id order, like rpm does.
    assertThat(ndb.entries())
        .extracting(RpmEntry::name)
        .containsExactly(sqlite.entries().stream().map(RpmEntry::name).toArray(String[]::new));
  }

  private static boolean rpmAvailable() {
    try {
      Process p = new ProcessBuilder("rpm", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code rpm -qa} on a copy of the database in {@code dir}, sorted. */
  private static List<String> rpmQa(Path dir, String... defines) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rpm", "--dbpath", dir.toString()));
    for (String d : defines) {
      cmd.add("--define");
      cmd.add(d);
    }
    cmd.addAll(List.of("-qa", "--qf", RPM_QF));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("rpm -qa exit code").isZero();
    return out.lines().sorted().toList();
  }

  @Test
  void berkeleyDbMatchesRpmItself(@TempDir Path dir) throws Exception {
    assumeTrue(rpmAvailable(), "the reference rpm is not installed");
    Files.write(dir.resolve("Packages"), testdata("Packages"));
    List<String> reference = rpmQa(dir, "_db_backend bdb_ro");
    assertThat(reference).hasSize(4);
    assertThat(lines(read(testdata("Packages")))).containsExactlyElementsOf(reference);
  }

  @Test
  void sqliteMatchesRpmItself(@TempDir Path dir) throws Exception {
    assumeTrue(rpmAvailable(), "the reference rpm is not installed");
    Files.write(dir.resolve("rpmdb.sqlite"), testdata("rpmdb.sqlite"));
    List<String> reference = rpmQa(dir, "_db_backend sqlite");
    assertThat(reference).hasSize(4);
    assertThat(lines(read(testdata("rpmdb.sqlite")))).containsExactlyElementsOf(reference);
  }

  @Test
  void catalogerReadsLegacyPathsAndCarriesTheModularityLabel() throws IOException {
    LayerInfo layer =
        new LayerInfo("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "", 1, "ADD / /");
    RpmCataloger cataloger = new RpmCataloger();
    for (String path :
        List.of(
            RpmCataloger.VAR_LIB_BDB,
            RpmCataloger.SYSIMAGE_BDB,
            RpmCataloger.VAR_LIB_NDB,
            RpmCataloger.SYSIMAGE_NDB)) {
      assertThat(cataloger.request().paths().test(path)).as(path).isTrue();
      Notes notes = new Notes();
      String file = path.endsWith(".db") ? "Packages.db" : "Packages";
      List<Package> pkgs =
          cataloger.catalog(
              new ImageFile(path, 1, new ByteArrayInputStream(testdata(file)), layer, notes));
      assertThat(pkgs)
          .extracting(Package::name)
          .containsExactlyInAnyOrder("nodejs", "openssl", "openssl-libs", "tzdata");
      assertThat(pkgs)
          .filteredOn(p -> p.name().equals("nodejs"))
          .extracting(Package::modularityLabel, Package::version)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "nodejs:18:9030020231120082734:rhel9",
                  "1:18.18.2-2.module+el9.3.0+20360+8b6f1c3b"));
      assertThat(pkgs)
          .filteredOn(p -> p.name().equals("tzdata"))
          .extracting(Package::modularityLabel)
          .containsExactly("");
      assertThat(notes.list()).isEmpty();
    }
  }

  // --- hostile databases ---

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void unknownFormatIsAFormatError() {
    assertThatThrownBy(
            () -> read("neither sqlite nor bdb nor ndb".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RpmDbFormatException.class)
        .hasMessageContaining("not an rpm database");
  }

  @Test
  void berkeleyDbTruncatedOrLyingAboutItsSizeIsRejected() throws IOException {
    byte[] db = testdata("Packages");
    byte[] half = java.util.Arrays.copyOf(db, db.length / 2);
    assertThatThrownBy(() -> read(half))
        .isInstanceOf(RpmDbFormatException.class)
        .hasMessageContaining("beyond");

    byte[] huge = db.clone();
    le(huge).putInt(32, Integer.MAX_VALUE); // last_pgno
    assertThatThrownBy(() -> read(huge)).hasMessageContaining("beyond");

    byte[] pageSize = db.clone();
    le(pageSize).putInt(20, 1000);
    assertThatThrownBy(() -> read(pageSize)).hasMessageContaining("page size");
  }

  @Test
  void berkeleyDbCyclesAndWildPageNumbersAreRejected() throws IOException {
    byte[] db = testdata("Packages");
    int pageSize = le(db).getInt(20);
    // Bucket 0's page (spares[0] = 1 here) chains to itself.
    int bucketPage = le(db).getInt(96);
    byte[] cycle = db.clone();
    le(cycle).putInt(bucketPage * pageSize + 16, bucketPage);
    assertThatThrownBy(() -> read(cycle)).hasMessageContaining("twice");

    // Every overflow reference on every hash page points far outside the file.
    byte[] wild = db.clone();
    ByteBuffer w = le(wild);
    int pointed = 0;
    for (int p = 1; p * pageSize < wild.length; p++) {
      int base = p * pageSize;
      if (wild[base + 25] != 13 && wild[base + 25] != 2) {
        continue;
      }
      int n = w.getShort(base + 20);
      for (int i = 0; i < n; i++) {
        int off = w.getShort(base + 26 + 2 * i) & 0xffff;
        if (wild[base + off] == 3) {
          w.putInt(base + off + 4, 0x7fffff00);
          pointed++;
        }
      }
    }
    assertThat(pointed).isEqualTo(4);
    assertThatThrownBy(() -> read(wild)).hasMessageContaining("out of range");
  }

  @Test
  void ndbBlobWithABadChecksumIsSkippedAlone() throws Exception {
    byte[] db = testdata("Packages.db");
    // The first used slot (right after the 32-byte header) and its blob's first data byte.
    int blkOff = le(db).getInt(32 + 8);
    byte[] flipped = db.clone();
    flipped[blkOff * 16 + 16 + 40] ^= 0x55;
    RpmDatabases.Result r = read(flipped);
    assertThat(r.entries()).hasSize(3);
    assertThat(r.skipped()).isEqualTo(1);
  }

  @Test
  void ndbSlotsPointingOutsideAreRejected() throws IOException {
    byte[] db = testdata("Packages.db");
    byte[] outside = db.clone();
    le(outside).putInt(32 + 8, 0x7fffffff);
    assertThatThrownBy(() -> read(outside)).hasMessageContaining("points outside");

    byte[] slotPages = db.clone();
    le(slotPages).putInt(12, 1 << 20);
    assertThatThrownBy(() -> read(slotPages)).hasMessageContaining("slot pages");

    byte[] version = db.clone();
    le(version).putInt(4, 7);
    assertThatThrownBy(() -> read(version)).hasMessageContaining("version");
  }

  /**
   * Thousands of randomly damaged copies: each either reads (possibly fewer packages) or fails with
   * a format error; nothing else escapes, nothing hangs.
   */
  @Test
  void randomDamageNeverEscapesAsAnythingButAFormatError() throws Exception {
    Random random = new Random(20261128);
    for (String name : List.of("Packages", "Packages.db")) {
      byte[] db = testdata(name);
      int formatErrors = 0;
      int read = 0;
      for (int round = 0; round < 1000; round++) {
        byte[] damaged = db.clone();
        int hits = 1 + random.nextInt(8);
        for (int h = 0; h < hits; h++) {
          int at = random.nextInt(damaged.length);
          damaged[at] = (byte) random.nextInt(256);
        }
        if (random.nextInt(10) == 0) {
          damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
        }
        try {
          RpmDatabases.Result r = read(damaged);
          assertThat(r.entries()).allSatisfy(e -> assertThat(e.name()).isNotNull());
          read++;
        } catch (RpmDbFormatException e) {
          formatErrors++;
        }
      }
      assertThat(read).as(name).isPositive();
      assertThat(formatErrors).as(name).isPositive();
    }
  }

  @Test
  void oversizedDatabaseIsCappedWhileCopying() {
    byte[] big = new byte[4096];
    assertThatThrownBy(() -> RpmDatabases.read(new ByteArrayInputStream(big), 1024, "rpmdb"))
        .hasMessageContaining("1024");
  }
}
