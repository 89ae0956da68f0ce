package dev.tallyman.analysis.catalog.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * The header blobs of a Berkeley DB hash {@code Packages} file (rpm before 4.16: RHEL/CentOS 7 and
 * 8, Amazon Linux 2), read without Berkeley DB.
 *
 * <p>Walks the hash buckets the way rpm's own read-only backend ({@code lib/backend/bdb_ro.c})
 * does: bucket N lives on page {@code N + spares[ceil(log2(N+1))]}, each bucket is a chain of hash
 * pages ({@code next_pgno}), each page holds key/value item pairs, and a value larger than a
 * quarter page lives on a chain of overflow pages. Every page number, offset and length is checked
 * against the file, every page is visited at most once (a cycle is an error, not a hang), and a
 * value larger than {@link #MAX_BLOB} is skipped without being read.
 */
final class BdbPackages {
  static final int MAX_BLOB = SqliteRpmDb.MAX_BLOB;

  private static final int HASH_MAGIC = 0x00061561;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASH = 13;
  private static final int H_KEYDATA = 1;
  private static final int H_OFFPAGE = 3;

  private final SpooledDb db;
  private final ByteOrder order;
  private final int pageSize;
  private final long lastPage;
  private final long maxBucket;
  private final long[] spares = new long[32];
  private final BitSet visited = new BitSet();
  private int count;

  private BdbPackages(SpooledDb db) throws IOException {
    this.db = db;
    if (db.size() < 512) {
      throw new RpmDbFormatException("shorter than a Berkeley DB meta page");
    }
    byte[] metaBytes = db.read(0, 512);
    ByteBuffer meta = ByteBuffer.wrap(metaBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (meta.getInt(12) == HASH_MAGIC) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (Integer.reverseBytes(meta.getInt(12)) == HASH_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new RpmDbFormatException("not a Berkeley DB hash database");
    }
    meta.order(order);
    int version = meta.getInt(16);
    if (version < 8 || version > 10) {
      throw new RpmDbFormatException("unsupported Berkeley DB hash version " + version);
    }
    if (metaBytes[24] != 0) {
      throw new RpmDbFormatException("encrypted Berkeley DB databases are not supported");
    }
    pageSize = meta.getInt(20);
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new RpmDbFormatException("bad Berkeley DB page size " + pageSize);
    }
    lastPage = Integer.toUnsignedLong(meta.getInt(32));
    if ((lastPage + 1) * pageSize > db.size()) {
      throw new RpmDbFormatException(
          "last page " + lastPage + " lies beyond the " + db.size() + "-byte file");
    }
    maxBucket = Integer.toUnsignedLong(meta.getInt(72));
    if (maxBucket > lastPage) {
      throw new RpmDbFormatException("more buckets (" + maxBucket + ") than pages");
    }
    for (int i = 0; i < 32; i++) {
      spares[i] = Integer.toUnsignedLong(meta.getInt(96 + 4 * i));
    }
  }

  /** Streams every value (header blob) to {@code sink}; the next-instance record (key 0) is not. */
  static void read(SpooledDb db, BlobSink sink) throws IOException {
    new BdbPackages(db).walk(sink);
  }

  private void walk(BlobSink sink) throws IOException {
    for (long bucket = 0; bucket <= maxBucket; bucket++) {
      long pgno = bucket + spares[64 - Long.numberOfLeadingZeros(bucket)];
      while (pgno != 0) {
        ByteBuffer page = page(pgno);
        int type = page.get(25) & 0xff;
        if (type != P_HASH && type != P_HASH_UNSORTED) {
          throw new RpmDbFormatException(
              "page " + pgno + " of bucket " + bucket + " is no hash page");
        }
        items(pgno, page, sink);
        pgno = Integer.toUnsignedLong(page.getInt(16));
      }
    }
  }

  /** Key/value pairs: item offsets grow from the header, items from the end of the page down. */
  private void items(long pgno, ByteBuffer page, BlobSink sink) throws IOException {
    int entries = page.getShort(20) & 0xffff;
    int indexEnd = PAGE_HEADER + 2 * entries;
    if (indexEnd > pageSize || entries % 2 != 0) {
      throw new RpmDbFormatException("page " + pgno + " has a bad item count " + entries);
    }
    for (int i = 0; i < entries; i += 2) {
      int keyOff = page.getShort(PAGE_HEADER + 2 * i) & 0xffff;
      int valueOff = page.getShort(PAGE_HEADER + 2 * i + 2) & 0xffff;
      int keyEnd = i == 0 ? pageSize : page.getShort(PAGE_HEADER + 2 * i - 2) & 0xffff;
      if (keyOff < indexEnd || valueOff < indexEnd || keyOff >= keyEnd || valueOff >= keyOff) {
        throw new RpmDbFormatException("page " + pgno + " has a bad item offset");
      }
      if (isNextInstanceKey(page, keyOff, keyEnd)) {
        continue;
      }
      if (++count > SqliteRpmDb.MAX_ROWS) {
        throw new RpmDbFormatException("more than " + SqliteRpmDb.MAX_ROWS + " packages");
      }
      sink.accept(value(page, valueOff, keyOff));
    }
  }

  /** rpm keeps the next free header number under key 0 (four zero bytes). */
  private static boolean isNextInstanceKey(ByteBuffer page, int off, int end) {
    if (end - off != 5 || page.get(off) != H_KEYDATA) {
      return false;
    }
    return page.getInt(off + 1) == 0;
  }

  /** An inline or overflow value; null (skipped) for an item type rpm never writes or a giant. */
  private byte[] value(ByteBuffer page, int off, int end) throws IOException {
    int type = page.get(off) & 0xff;
    if (type == H_KEYDATA) {
      byte[] v = new byte[end - off - 1];
      page.get(off + 1, v);
      return v;
    }
    if (type != H_OFFPAGE || end - off != 12) {
      return null;
    }
    long pgno = Integer.toUnsignedLong(page.getInt(off + 4));
    long length = Integer.toUnsignedLong(page.getInt(off + 8));
    if (length == 0 || length > MAX_BLOB) {
      return null;
    }
    byte[] v = new byte[(int) length];
    int filled = 0;
    while (filled < v.length) {
      ByteBuffer ov = page(pgno);
      int used = ov.getShort(22) & 0xffff;
      if ((ov.get(25) & 0xff) != P_OVERFLOW
          || used == 0
          || PAGE_HEADER + used > pageSize
          || used > v.length - filled) {
        throw new RpmDbFormatException("overflow page " + pgno + " is broken");
      }
      ov.get(PAGE_HEADER, v, filled, used);
      filled += used;
      pgno = Integer.toUnsignedLong(ov.getInt(16));
      if (pgno == 0 && filled < v.length) {
        throw new RpmDbFormatException(
            "overflow chain ends " + (v.length - filled) + " bytes short");
      }
    }
    return v;
  }

  private ByteBuffer page(long pgno) throws IOException {
    if (pgno == 0 || pgno > lastPage) {
      throw new RpmDbFormatException("page number " + pgno + " is out of range 1.." + lastPage);
    }
    if (visited.get((int) pgno)) {
      throw new RpmDbFormatException("page " + pgno + " is reached twice (a cycle)");
    }
    visited.set((int) pgno);
    ByteBuffer page = ByteBuffer.wrap(db.read(pgno * pageSize, pageSize)).order(order);
    if (Integer.toUnsignedLong(page.getInt(8)) != pgno) {
      throw new RpmDbFormatException("page " + pgno + " carries another page number");
    }
    return page;
  }
}
