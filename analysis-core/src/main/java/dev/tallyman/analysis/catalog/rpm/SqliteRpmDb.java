package dev.tallyman.analysis.catalog.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads the Packages table of an rpmdb.sqlite (rpm 4.16+: RHEL 9, Fedora 33+, Rocky, Alma).
 *
 * <p>This is one of the places where analysis writes to disk: SQLite can only open a file, so the
 * database is copied out of the layer stream into a {@link SpooledDb} and opened read-only and
 * immutable (so SQLite creates no journal or WAL beside it).
 */
public final class SqliteRpmDb {
  /** A header larger than this is not a real package (rpm itself caps headers at 256 MiB). */
  static final int MAX_BLOB = 16 * 1024 * 1024;

  static final int MAX_ROWS = 200_000;

  private SqliteRpmDb() {}

  /** The header blobs' entries; unparsable headers are counted in {@code skipped}. */
  public static List<RpmEntry> read(InputStream content, long maxBytes, String label, int[] skipped)
      throws IOException, SQLException {
    try (SpooledDb db = SpooledDb.copy(content, maxBytes, label)) {
      List<RpmEntry> out = new ArrayList<>();
      read(db.path(), RpmDatabases.collect(out, skipped));
      return out;
    }
  }

  /** Streams every blob; rows over {@link #MAX_BLOB} are reported as null (skipped), unread. */
  static void read(Path db, BlobSink sink) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
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
          sink.accept(rs.getBytes(1));
        }
      }
      tooBig.setInt(1, MAX_BLOB);
      try (ResultSet rs = tooBig.executeQuery()) {
        int n = rs.next() ? rs.getInt(1) : 0;
        for (int i = 0; i < n; i++) {
          sink.accept(null);
        }
      }
    }
  }
}
