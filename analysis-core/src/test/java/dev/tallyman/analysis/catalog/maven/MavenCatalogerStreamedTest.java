package dev.tallyman.analysis.catalog.maven;

/**
 * Every case of {@link MavenCatalogerTest} again with no memory budget: each archive is streamed.
 */
class MavenCatalogerStreamedTest extends MavenCatalogerTest {
  @Override
  MavenCataloger cataloger() {
    return new MavenCataloger(0);
  }
}
