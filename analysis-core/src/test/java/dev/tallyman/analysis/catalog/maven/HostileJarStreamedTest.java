package dev.tallyman.analysis.catalog.maven;

/** Every case of {@link HostileJarTest} again with no memory budget: each archive is streamed. */
class HostileJarStreamedTest extends HostileJarTest {
  @Override
  MavenCataloger cataloger() {
    return new MavenCataloger(0);
  }
}
