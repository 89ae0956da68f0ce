package dev.tallyman.analysis.catalog.maven;

/** Signatures, methods and little-endian fields of the zip format (APPNOTE), for both readers. */
final class ZipFormat {
  static final int LOCAL_HEADER = 0x04034b50;
  static final int CENTRAL_HEADER = 0x02014b50;
  static final int END_RECORD = 0x06054b50;
  static final int ZIP64_END_RECORD = 0x06064b50;
  static final int DATA_DESCRIPTOR = 0x08074b50;
  static final int SPANNED_MARKER = 0x30304b50;
  static final int STORED = 0;
  static final int DEFLATED = 8;

  /** A 32-bit size or offset of this value means "see the zip64 field". */
  static final long UNKNOWN = 0xffffffffL;

  private ZipFormat() {}

  static int u16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int i) {
    return i32(b, i) & 0xffffffffL;
  }

  static int i32(byte[] b, int i) {
    return u16(b, i) | u16(b, i + 2) << 16;
  }

  static long u64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }
}
