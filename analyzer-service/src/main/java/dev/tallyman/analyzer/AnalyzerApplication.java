package dev.tallyman.analyzer;

import io.micronaut.runtime.Micronaut;

/** analyzer-service: image events in, SBOMs and findings out. */
public final class AnalyzerApplication {
  private AnalyzerApplication() {}

  public static void main(String[] args) {
    Micronaut.run(AnalyzerApplication.class, args);
  }
}
