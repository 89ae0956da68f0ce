package dev.tallyman.advisory.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Integrity checks and bounded reads of downloaded archives before any record is used. */
public final class Archives {
  private Archives() {}

  public static final long MAX_ENTRY_BYTES = 64L << 20;

  /** One zip entry's name and bytes. */
  public record Entry(String name, byte[] bytes) {}

  /**
   * Reads every file entry of a zip, decompressing each fully: a truncated or corrupt archive fails
   * here as a whole (before anything is parsed) rather than halfway through applying it.
   */
  public static List<Entry> readZip(Path zip, java.util.function.Predicate<String> wanted)
      throws FeedUnavailableException {
    List<Entry> out = new ArrayList<>();
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = zf.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory() || !wanted.test(e.getName())) {
          continue;
        }
        try (InputStream in = zf.getInputStream(e)) {
          byte[] b = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
          if (b.length > MAX_ENTRY_BYTES) {
            throw new FeedUnavailableException("zip entry " + e.getName() + " is too large");
          }
          out.add(new Entry(e.getName(), b));
        }
      }
    } catch (FeedUnavailableException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FeedUnavailableException("corrupt zip " + zip + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Decompresses a whole gzip file (bounded) so a truncated download fails before parsing. */
  public static byte[] gunzip(Path gz, long maxBytes) throws FeedUnavailableException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (b.length > maxBytes) {
        throw new FeedUnavailableException(gz + " inflates beyond " + maxBytes + " bytes");
      }
      return b;
    } catch (FeedUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new FeedUnavailableException("corrupt gzip " + gz + ": " + e.getMessage(), e);
    }
  }

  /** The file's bytes, bounded. */
  public static byte[] read(Path p, long maxBytes) throws IOException {
    if (Files.size(p) > maxBytes) {
      throw new FeedUnavailableException(p + " is larger than " + maxBytes + " bytes");
    }
    return Files.readAllBytes(p);
  }
}
