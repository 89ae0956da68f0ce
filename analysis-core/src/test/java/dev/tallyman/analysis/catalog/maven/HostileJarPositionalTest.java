package dev.tallyman.analysis.catalog.maven;

import dev.tallyman.analysis.testing.LocalContent;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every case of {@link HostileJarTest} again with each archive lying in a local file, as in an
 * uncompressed layer of a {@code docker save} archive: it is read there by position.
 */
class HostileJarPositionalTest extends HostileJarTest {
  @RegisterExtension final LocalContent local = new LocalContent();

  @Override
  InputStream content(byte[] bytes) throws IOException {
    return local.of(bytes);
  }
}
