package dev.tallyman.analysis.catalog.elf;

import dev.tallyman.analysis.testing.LocalContent;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every case of {@link ExecutableCatalogerTest} again with each binary lying in a local file, as in
 * an uncompressed layer of a {@code docker save} archive: its headers and sections are read there
 * by position.
 */
class ExecutableCatalogerPositionalTest extends ExecutableCatalogerTest {
  @RegisterExtension final LocalContent local = new LocalContent();

  @Override
  InputStream content(byte[] bytes) throws IOException {
    return local.of(bytes);
  }
}
