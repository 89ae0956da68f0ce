package dev.tallyman.analysis.layer;

import dev.tallyman.analysis.io.LocalBlob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Every case of {@link HostileLayerCorpusTest} again with the layer in a local file: a plain tar is
 * scanned by position without hashing ({@link TarLayerArchive#unverified}), unread bodies passed
 * without reading them; a compressed one is streamed, as the Analyzer does.
 */
class HostileLayerCorpusLocalTest extends HostileLayerCorpusTest {
  private final List<Path> files = new ArrayList<>();
  private final List<LocalBlob> blobs = new ArrayList<>();

  @Override
  LayerArchive archive(byte[] blob, LayerLimits limits) throws IOException {
    if (!TarLayerArchive.isPlainTar(blob, Math.min(4, blob.length))) {
      return super.archive(blob, limits);
    }
    Path file = Files.createTempFile("hostile-local", ".tar");
    files.add(file);
    Files.write(file, blob);
    LocalBlob local = LocalBlob.open(file, 0, blob.length, false);
    blobs.add(local);
    return TarLayerArchive.unverified(local, "hostile", limits);
  }

  @AfterEach
  void removeFiles() throws IOException {
    for (LocalBlob b : blobs) {
      b.close();
    }
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }
}
