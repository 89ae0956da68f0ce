package dev.tallyman.analysis.layer;

import dev.tallyman.analysis.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** A plain root filesystem directory as one pseudo-layer. Symlinks are listed, never followed. */
public final class DirectoryLayerArchive implements LayerArchive {
  private final Path root;
  private final LayerLimits limits;

  public DirectoryLayerArchive(Path root, LayerLimits limits) {
    this.root = root;
    this.limits = limits;
  }

  @Override
  public void forEach(Visitor visitor) throws IOException {
    long[] count = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            count(count);
            visitor.visit(
                new LayerEntry(name(dir), EntryKind.DIRECTORY, 0, null),
                InputStream.nullInputStream());
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            count(count);
            if (attrs.isSymbolicLink()) {
              visitor.visit(
                  new LayerEntry(name(file), EntryKind.SYMLINK, 0, null),
                  InputStream.nullInputStream());
            } else if (attrs.isRegularFile()) {
              try (InputStream in = new LazyFile(file)) {
                visitor.visit(
                    new LayerEntry(name(file), EntryKind.FILE, attrs.size(), null, mode(file)), in);
              }
            } else {
              visitor.visit(
                  new LayerEntry(name(file), EntryKind.OTHER, 0, null),
                  InputStream.nullInputStream());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE; // unreadable entries are skipped, like device files
          }
        });
  }

  /** Permission bits, or -1 where the file system has none. */
  private static int mode(Path file) {
    try {
      int mode = 0;
      for (PosixFilePermission p : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
        mode |= 0400 >> p.ordinal(); // OWNER_READ .. OTHERS_EXECUTE in bit order
      }
      return mode;
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  private void count(long[] count) {
    if (++count[0] > limits.maxEntries()) {
      throw new LimitExceededException(
          "directory " + root + " has more than " + limits.maxEntries() + " entries");
    }
  }

  private String name(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  /** Opens the file only if a cataloger actually reads it. */
  private static final class LazyFile extends InputStream {
    private final Path file;
    private InputStream in;

    LazyFile(Path file) {
      this.file = file;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }

  @Override
  public void close() {}
}
