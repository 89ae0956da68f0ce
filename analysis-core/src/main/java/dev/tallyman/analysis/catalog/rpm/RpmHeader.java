package dev.tallyman.analysis.catalog.rpm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An rpm header blob as rpmdb stores it (no lead, no magic): index count and data length as
 * big-endian int32s, then that many 16-byte index entries (tag, type, offset, count), then the data
 * store. Every offset is checked against the blob, so a hostile blob gives an error, never an
 * out-of-bounds read.
 */
public final class RpmHeader {
  public static final int NAME = 1000;
  public static final int VERSION = 1001;
  public static final int RELEASE = 1002;
  public static final int EPOCH = 1003;
  public static final int ARCH = 1022;
  public static final int SOURCERPM = 1044;
  public static final int MODULARITYLABEL = 5096;

  private static final int TYPE_INT32 = 4;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_STRING_ARRAY = 8;
  private static final int TYPE_I18NSTRING = 9;

  /** rpm's own sanity limits (header.c hdrchkTags / hdrchkData). */
  private static final int MAX_TAGS = 0x10000;

  private final Map<Integer, Object> values;

  private RpmHeader(Map<Integer, Object> values) {
    this.values = values;
  }

  /** Reads the tags we use; others are never decoded. */
  public static RpmHeader parse(byte[] blob) {
    if (blob.length < 8) {
      throw new IllegalArgumentException("rpm header shorter than 8 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(blob); // big-endian by default
    int count = b.getInt(0);
    int dataLength = b.getInt(4);
    if (count < 1 || count > MAX_TAGS) {
      throw new IllegalArgumentException("rpm header has a bad index count " + count);
    }
    long dataStart = 8L + 16L * count;
    if (dataLength < 0 || dataStart + dataLength > blob.length) {
      throw new IllegalArgumentException(
          "rpm header data (" + dataLength + " bytes) exceeds its blob of " + blob.length);
    }
    Map<Integer, Object> values = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int at = 8 + 16 * i;
      int tag = b.getInt(at);
      int type = b.getInt(at + 4);
      int offset = b.getInt(at + 8);
      if (!wanted(tag)) {
        continue;
      }
      if (offset < 0 || offset >= dataLength) {
        throw new IllegalArgumentException("rpm tag " + tag + " points outside the data store");
      }
      int start = (int) dataStart + offset;
      int end = (int) dataStart + dataLength;
      switch (type) {
        case TYPE_INT32 -> {
          if (start + 4 > end) {
            throw new IllegalArgumentException("rpm tag " + tag + " is truncated");
          }
          values.put(tag, b.getInt(start));
        }
        case TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING -> {
          // For arrays the first element is enough: NAME etc. are single strings.
          int nul = start;
          while (nul < end && blob[nul] != 0) {
            nul++;
          }
          if (nul == end) {
            throw new IllegalArgumentException("rpm tag " + tag + " string is not terminated");
          }
          values.put(tag, new String(blob, start, nul - start, StandardCharsets.UTF_8));
        }
        default -> {} // a type we do not expect for this tag: treat as absent
      }
    }
    return new RpmHeader(values);
  }

  private static boolean wanted(int tag) {
    return tag == NAME
        || tag == VERSION
        || tag == RELEASE
        || tag == EPOCH
        || tag == ARCH
        || tag == SOURCERPM
        || tag == MODULARITYLABEL;
  }

  public String string(int tag) {
    return values.get(tag) instanceof String s ? s : "";
  }

  /** An int32 tag, or null when absent. */
  public Integer integer(int tag) {
    return values.get(tag) instanceof Integer i ? i : null;
  }
}
