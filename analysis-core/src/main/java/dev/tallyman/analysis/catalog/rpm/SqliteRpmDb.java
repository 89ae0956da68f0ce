package dev.tallyman.analysis.catalog.rpm;

import dev.tallyman.analysis.io.LimitedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Reads the Packages table of an rpmdb.sqlite.
 *
 * <p>This is the one place where analysis writes to disk: SQLite can only open a file, so the
 * database is copied out of the layer stream (size-capped) into a fresh owner-only temporary
 * directory, opened read-only and immutable (so SQLite creates no journal or WAL beside it), and
 * the directory is deleted before {@link #read} returns, whatever happens.
 */
public final class SqliteRpmDb {
  /** A header larger than this is not a real package (rpm itself caps headers at 256 MiB). */
  static final int MAX_BLOB = 16 * 1024 * 1024;

  static final int MAX_ROWS = 200_000;

  private SqliteRpmDb() {}

  /** The header blobs' entries; unparsable headers are counted in {@code skipped}. */
  public static List<RpmEntry> read(InputStream content, long maxBytes, String label, int[] skipped)
      throws IOException, SQLException {
    Path dir =
        Files.createTempDirectory(
            "tallyman-rpmdb-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Path db = dir.resolve("rpmdb.sqlite");
      Files.copy(new LimitedInputStream(content, maxBytes, label), db);
      return query(db, skipped);
    } finally {
      deleteTree(dir);
    }
  }

  private static List<RpmEntry> query(Path db, int[] skipped) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    List<RpmEntry> out = new ArrayList<>();
    String url = "jdbc:sqlite:file:" + db.toAbsolutePath() + "?immutable=1";
    try (Connection c = config.createConnection(url);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT blob FROM Packages WHERE length(blob) <= ? ORDER BY hnum LIMIT ?");
        PreparedStatement tooBig =
            c.prepareStatement("SELECT count(*) FROM Packages WHERE length(blob) > ?")) {
      s.setInt(1, MAX_BLOB);
      s.setInt(2, MAX_ROWS);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(RpmEntry.of(RpmHeader.parse(rs.getBytes(1))));
          } catch (IllegalArgumentException | NullPointerException e) {
            skipped[0]++;
          }
        }
      }
      tooBig.setInt(1, MAX_BLOB);
      try (ResultSet rs = tooBig.executeQuery()) {
        skipped[0] += rs.next() ? rs.getInt(1) : 0;
      }
    }
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
