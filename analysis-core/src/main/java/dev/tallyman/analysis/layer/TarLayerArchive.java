package dev.tallyman.analysis.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.LimitExceededException;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.LocalBlob;
import dev.tallyman.analysis.io.NonClosingInputStream;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.io.TransportGuard;
import dev.tallyman.analysis.oci.DigestVerifyingInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A layer blob (tar, tar+gzip, tar+zstd or tar+bzip2, detected by magic bytes rather than trusted
 * media types) streamed without unpacking. After the last entry the rest of the blob is drained so
 * that the compressed digest and the uncompressed diff id are both verified.
 */
public final class TarLayerArchive implements LayerArchive {
  /** 128 MiB, zstd's own default limit for streaming decompression. */
  static final int ZSTD_WINDOW_LOG_MAX = 27;

  /** As large as the buffers below it, so that skipped bytes go to the digest in one piece. */
  private static final int SKIP_BUFFER = 64 * 1024;

  private final InputStream raw;
  private final String diffId;
  private final String label;
  private final LayerLimits limits;
  private final LocalBlob local;

  /** Non-null for {@link #unverified}: the stream that can pass bytes without reading them. */
  private final LocalBlob.Stream skipper;

  /** Set when the blob turns out to be an uncompressed tar: its bytes are the tar's. */
  private boolean uncompressed;

  /**
   * @param raw the blob as stored (verify its digest by wrapping it before passing it here)
   * @param diffId expected sha256 of the uncompressed tar, or null to skip that check
   */
  public TarLayerArchive(InputStream raw, String diffId, String label, LayerLimits limits) {
    this(raw, diffId, label, limits, null);
  }

  /**
   * @param local where the same blob lies in a local file, or null. Files of an uncompressed blob
   *     are then also offered by position ({@link PositionalBytes#of(InputStream)}); closed with
   *     this archive.
   */
  public TarLayerArchive(
      InputStream raw, String diffId, String label, LayerLimits limits, LocalBlob local) {
    this(raw, diffId, label, limits, local, null);
  }

  private TarLayerArchive(
      InputStream raw,
      String diffId,
      String label,
      LayerLimits limits,
      LocalBlob local,
      LocalBlob.Stream skipper) {
    this.raw = raw;
    this.diffId = diffId;
    this.label = label;
    this.limits = limits;
    this.local = local;
    this.skipper = skipper;
  }

  /**
   * A {@linkplain #isPlainTar plain tar} lying in a local file, read without hashing it: only the
   * headers and the files a visitor reads are read at all. Whoever uses this checks the blob's
   * digest apart ({@link LocalTarLayer}) and trusts nothing read here before that check passed.
   * Closing this archive leaves {@code blob} open.
   */
  public static TarLayerArchive unverified(LocalBlob blob, String label, LayerLimits limits) {
    LocalBlob.Stream stream = blob.stream();
    return new TarLayerArchive(stream, null, label, limits, blob, stream);
  }

  /** Whether a blob starting with {@code head} is a tar as it is (no compression magic). */
  public static boolean isPlainTar(byte[] head, int length) {
    return compression(head, length) == null;
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    if (skipper != null) {
      uncompressed = true;
      read(skipper, visitor);
      return;
    }
    InputStream decompressed;
    try {
      // Decoders read their header here: a truncated or corrupt one is bad content too.
      decompressed = decompress(new BufferedInputStream(new TransportGuard(raw), 65536));
    } catch (IOException | IllegalArgumentException ex) {
      throw unreadable(ex);
    }
    try {
      read(decompressed, visitor);
    } finally {
      if (decompressed instanceof ZstdInputStreamNoFinalizer zstd) {
        zstd.close(); // frees the native decoder; raw stays open (closed by close())
      }
    }
  }

  private void read(InputStream decompressed, Visitor visitor) throws IOException {
    // Counts what the tar reader took, which it takes record by record without reading ahead: at
    // an entry, that is where the entry's data starts.
    LimitedInputStream counted =
        new LimitedInputStream(
            decompressed, limits.maxLayerBytes(), "layer " + label + " (uncompressed)");
    InputStream tarBytes = counted;
    if (diffId != null) {
      tarBytes = new DigestVerifyingInputStream(tarBytes, diffId, -1);
    }
    TarArchiveInputStream tar = new TarArchiveInputStream(new NonClosingInputStream(tarBytes));
    byte[] rest = new byte[SKIP_BUFFER];
    long entries = 0;
    TarArchiveEntry e;
    try {
      while ((e = tar.getNextEntry()) != null) {
        if (++entries > limits.maxEntries()) {
          throw new LimitExceededException(
              "layer " + label + " has more than " + limits.maxEntries() + " entries");
        }
        LayerEntry entry =
            new LayerEntry(e.getName(), kind(e), e.getSize(), e.getLinkName(), e.getMode() & 07777);
        visitor.visit(entry, content(tar, entry, e.isSparse(), counted.count()));
        // What the visitor left unread still has to pass the digests. Read it here in large
        // chunks: the tar reader would skip it 8 KiB at a time, re-checking the entry per chunk.
        // Unhashed, it is passed without being read.
        drain(tar, rest);
      }
      if (skipper != null) {
        return; // nothing to hash, and the tar reader has seen all it needs
      }
      // Padding and trailing blocks count toward the digests.
      tarBytes.transferTo(OutputStream.nullOutputStream());
    } catch (AnalysisException ex) {
      throw ex;
    } catch (IOException | IllegalArgumentException ex) {
      throw unreadable(ex);
    }
    raw.transferTo(OutputStream.nullOutputStream());
  }

  private void drain(TarArchiveInputStream tar, byte[] rest) throws IOException {
    if (skipper == null) {
      while (tar.read(rest, 0, rest.length) >= 0) {}
      return;
    }
    skipper.skipping(true);
    try {
      while (tar.read(rest, 0, rest.length) >= 0) {}
    } finally {
      skipper.skipping(false);
    }
  }

  /** The entry's stream; by position too when it lies as it is in a local file. */
  private InputStream content(
      TarArchiveInputStream tar, LayerEntry entry, boolean sparse, long dataStart) {
    if (local == null
        || !uncompressed
        || entry.kind() != EntryKind.FILE
        || sparse // its data in the archive is not the file as read
        || entry.size() < 0
        || dataStart > local.length() - entry.size()) {
      return new NonClosingInputStream(tar);
    }
    return new PositionalEntry(tar, local.bytes(dataStart, entry.size()));
  }

  /** An entry's stream that also offers its bytes by position. */
  private static final class PositionalEntry extends FilterInputStream
      implements PositionalBytes.Source {
    private final PositionalBytes bytes;

    PositionalEntry(InputStream in, PositionalBytes bytes) {
      super(in);
      this.bytes = bytes;
    }

    @Override
    public PositionalBytes positional() {
      return bytes;
    }

    @Override
    public void close() {}
  }

  /** Truncated or malformed archives are permanent errors; a dropped connection is not. */
  private IOException unreadable(Exception ex) {
    TransportGuard.TransportException transport = TransportGuard.find(ex);
    if (transport != null) {
      return transport;
    }
    throw new AnalysisException(
        "layer " + label + " is not a readable tar archive: " + ex.getMessage(), ex);
  }

  private enum Compression {
    GZIP,
    BZIP2,
    ZSTD
  }

  /** The compression {@code head} (a blob's first bytes) announces, or null for none. */
  private static Compression compression(byte[] magic, int length) {
    if (length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return Compression.GZIP;
    }
    if (length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      return Compression.BZIP2;
    }
    if (length >= 4
        && (magic[0] & 0xff) == 0x28
        && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    return null;
  }

  private InputStream decompress(BufferedInputStream in) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    Compression compression = compression(magic, magic.length);
    if (compression == Compression.GZIP) {
      return new GzipCompressorInputStream(in, true);
    }
    if (compression == Compression.BZIP2) {
      return new BZip2CompressorInputStream(in, true);
    }
    if (compression == Compression.ZSTD) {
      // Concatenated frames are read through. The window is capped so that a hostile frame
      // header cannot make the native decoder allocate more than 2^ZSTD_WINDOW_LOG_MAX bytes; the
      // uncompressed size is capped like gzip's, by the LimitedInputStream in read().
      ZstdInputStreamNoFinalizer zstd =
          new ZstdInputStreamNoFinalizer(new NonClosingInputStream(in));
      zstd.setLongMax(ZSTD_WINDOW_LOG_MAX);
      return zstd;
    }
    uncompressed = true;
    return in;
  }

  private static EntryKind kind(TarArchiveEntry e) {
    if (e.isSymbolicLink()) {
      return EntryKind.SYMLINK;
    }
    if (e.isLink()) {
      return EntryKind.HARDLINK;
    }
    if (e.isDirectory()) {
      return EntryKind.DIRECTORY;
    }
    // Checked before isFile(), which commons-compress also answers true for devices and fifos.
    if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      return EntryKind.OTHER;
    }
    if (e.isFile()) {
      return EntryKind.FILE;
    }
    return EntryKind.OTHER;
  }

  @Override
  public void close() throws IOException {
    if (skipper != null) {
      return; // the blob belongs to whoever made this archive
    }
    try (local) {
      raw.close();
    }
  }
}
