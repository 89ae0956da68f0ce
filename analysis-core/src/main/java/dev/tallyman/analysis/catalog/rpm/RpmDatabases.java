package dev.tallyman.analysis.catalog.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Any of rpm's three database formats, told apart by their magic rather than by file name (SUSE
 * links {@code /var/lib/rpm} to {@code /usr/lib/sysimage/rpm}; images carry leftovers).
 */
public final class RpmDatabases {
  /** The on-disk formats rpm has used. */
  public enum Format {
    /** {@code rpmdb.sqlite}, rpm 4.16+. */
    SQLITE,
    /** {@code Packages}, Berkeley DB hash, rpm up to 4.15. */
    BDB,
    /** {@code Packages.db}, rpm's own NDB format (SUSE). */
    NDB
  }

  /** What one database held; {@code skipped} counts records whose header could not be read. */
  public record Result(Format format, List<RpmEntry> entries, int skipped) {}

  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private RpmDatabases() {}

  /**
   * Copies the database out of {@code content} (at most {@code maxBytes}), recognizes its format
   * and reads every header.
   *
   * @throws RpmDbFormatException when the file is none of the three formats or is broken
   */
  public static Result read(InputStream content, long maxBytes, String label)
      throws IOException, SQLException {
    try (SpooledDb db = SpooledDb.copy(content, maxBytes, label)) {
      Format format = sniff(db);
      List<RpmEntry> entries = new ArrayList<>();
      int[] skipped = {0};
      BlobSink sink = collect(entries, skipped);
      switch (format) {
        case SQLITE -> SqliteRpmDb.read(db.path(), sink);
        case BDB -> BdbPackages.read(db, sink);
        case NDB -> NdbPackages.read(db, sink);
      }
      return new Result(format, List.copyOf(entries), skipped[0]);
    }
  }

  static Format sniff(SpooledDb db) throws IOException {
    if (db.size() >= 16 && Arrays.equals(db.read(0, 16), SQLITE_MAGIC)) {
      return Format.SQLITE;
    }
    if (db.size() >= 4
        && ByteBuffer.wrap(db.read(0, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt()
            == ('R' | 'p' << 8 | 'm' << 16 | 'P' << 24)) {
      return Format.NDB;
    }
    if (db.size() >= 16) {
      int magic = ByteBuffer.wrap(db.read(12, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (magic == 0x00061561 || Integer.reverseBytes(magic) == 0x00061561) {
        return Format.BDB;
      }
    }
    throw new RpmDbFormatException("not an rpm database (sqlite, Berkeley DB hash or NDB)");
  }

  /** Parses each blob as it arrives; unparsable or missing blobs are counted. */
  static BlobSink collect(List<RpmEntry> out, int[] skipped) {
    return blob -> {
      if (blob == null) {
        skipped[0]++;
        return;
      }
      try {
        out.add(RpmEntry.of(RpmHeader.parse(blob)));
      } catch (IllegalArgumentException e) {
        skipped[0]++;
      }
    };
  }
}
