package dev.tallyman.analysis.catalog.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.analysis.testing.LocalContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every case of {@link MavenCatalogerTest} again with each archive lying in a local file, as in an
 * uncompressed layer of a {@code docker save} archive: it is read there by position.
 */
class MavenCatalogerPositionalTest extends MavenCatalogerTest {
  @TempDir Path dir;
  private LocalContent local;

  @Override
  InputStream content(byte[] bytes) throws IOException {
    if (local == null) {
      local = new LocalContent(dir);
    }
    return local.of(bytes);
  }

  /** The files were read by position only, and the channels under them left open. */
  @AfterEach
  void readInPlace() throws IOException {
    if (local != null) {
      assertThat(local.streamsUntouched()).isTrue();
      assertThat(local.allOpen()).isTrue();
      local.close();
    }
  }
}
