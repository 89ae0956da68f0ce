package dev.tallyman.analysis.catalog.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Adler32;

/**
 * The header blobs of an rpm NDB {@code Packages.db} (SUSE since SLE 15 SP3 / openSUSE Leap 15.3),
 * the format of rpm's {@code lib/backend/ndb/rpmpkg.c}. All little-endian:
 *
 * <ul>
 *   <li>a 32-byte header ({@code RpmP}, version 0, generation, slot page count, next package id),
 *   <li>slot pages of 4096 bytes holding 16-byte slots ({@code Slot}, package id, block offset,
 *       block count; block offset 0 = free), the header taking the first two slots,
 *   <li>blobs in 16-byte blocks: {@code BlbS}, package id, generation, length, the header blob,
 *       padding, then adler32 (of everything before it), length, {@code BlbE}.
 * </ul>
 *
 * A broken header or slot area rejects the file; a blob whose frame or checksum does not match is
 * skipped alone, as rpm's own verification would.
 */
final class NdbPackages {
  static final int MAX_BLOB = SqliteRpmDb.MAX_BLOB;

  private static final int DB_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
  private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
  private static final int BLOB_HEAD_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
  private static final int BLOB_TAIL_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;
  private static final int PAGE_SIZE = 4096;
  private static final int SLOT_SIZE = 16;
  private static final int BLK_SIZE = 16;
  private static final int HEADER_SIZE = 32;
  private static final int BLOB_HEAD = 16;
  private static final int BLOB_TAIL = 12;

  private NdbPackages() {}

  private record Slot(long pkgIdx, long blkOff, long blkCnt) {}

  /** Streams the blobs in package-id order (the order {@code rpm -qa} lists them). */
  static void read(SpooledDb db, BlobSink sink) throws IOException {
    if (db.size() < HEADER_SIZE || db.size() % BLK_SIZE != 0) {
      throw new RpmDbFormatException("not an NDB Packages.db (size " + db.size() + ")");
    }
    ByteBuffer header = le(db.read(0, HEADER_SIZE));
    if (header.getInt(0) != DB_MAGIC) {
      throw new RpmDbFormatException("not an NDB Packages.db (no RpmP magic)");
    }
    if (header.getInt(4) != 0) {
      throw new RpmDbFormatException("unsupported NDB version " + header.getInt(4));
    }
    long slotPages = Integer.toUnsignedLong(header.getInt(12));
    if (slotPages == 0 || slotPages * PAGE_SIZE > db.size()) {
      throw new RpmDbFormatException(slotPages + " slot pages do not fit the file");
    }
    for (Slot s : slots(db, slotPages)) {
      sink.accept(blob(db, s));
    }
  }

  private static List<Slot> slots(SpooledDb db, long slotPages) throws IOException {
    long fileBlocks = db.size() / BLK_SIZE;
    long firstBlobBlock = slotPages * (PAGE_SIZE / BLK_SIZE);
    List<Slot> slots = new ArrayList<>();
    for (long p = 0; p < slotPages; p++) {
      ByteBuffer page = le(db.read(p * PAGE_SIZE, PAGE_SIZE));
      for (int o = p == 0 ? HEADER_SIZE : 0; o < PAGE_SIZE; o += SLOT_SIZE) {
        if (page.getInt(o) != SLOT_MAGIC) {
          throw new RpmDbFormatException("slot page " + p + " is broken at " + o);
        }
        long blkOff = Integer.toUnsignedLong(page.getInt(o + 8));
        if (blkOff == 0) {
          continue; // a free slot
        }
        Slot s =
            new Slot(
                Integer.toUnsignedLong(page.getInt(o + 4)),
                blkOff,
                Integer.toUnsignedLong(page.getInt(o + 12)));
        if (s.pkgIdx() == 0
            || s.blkCnt() == 0
            || blkOff < firstBlobBlock
            || blkOff + s.blkCnt() > fileBlocks) {
          throw new RpmDbFormatException("slot of package " + s.pkgIdx() + " points outside");
        }
        if (slots.size() >= SqliteRpmDb.MAX_ROWS) {
          throw new RpmDbFormatException("more than " + SqliteRpmDb.MAX_ROWS + " packages");
        }
        slots.add(s);
      }
    }
    slots.sort(Comparator.comparingLong(Slot::pkgIdx));
    return slots;
  }

  /** The blob of one slot, or null when its frame, length or checksum is wrong. */
  private static byte[] blob(SpooledDb db, Slot s) throws IOException {
    long start = s.blkOff() * BLK_SIZE;
    ByteBuffer head = le(db.read(start, BLOB_HEAD));
    long length = Integer.toUnsignedLong(head.getInt(12));
    if (head.getInt(0) != BLOB_HEAD_MAGIC
        || Integer.toUnsignedLong(head.getInt(4)) != s.pkgIdx()
        || length > MAX_BLOB
        || s.blkCnt() != (BLOB_HEAD + length + BLOB_TAIL + BLK_SIZE - 1) / BLK_SIZE) {
      return null;
    }
    int framed = (int) (s.blkCnt() * BLK_SIZE);
    byte[] all = db.read(start, framed);
    ByteBuffer tail = le(all).position(framed - BLOB_TAIL);
    Adler32 adler = new Adler32();
    adler.update(all, 0, framed - BLOB_TAIL);
    if (tail.getInt() != (int) adler.getValue()
        || Integer.toUnsignedLong(tail.getInt()) != length
        || tail.getInt() != BLOB_TAIL_MAGIC) {
      return null;
    }
    byte[] blob = new byte[(int) length];
    System.arraycopy(all, BLOB_HEAD, blob, 0, blob.length);
    return blob;
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
