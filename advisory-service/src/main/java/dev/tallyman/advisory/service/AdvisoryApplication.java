package dev.tallyman.advisory.service;

import io.micronaut.runtime.Micronaut;

/** advisory-service: loads OSV advisory feeds and answers Match / FeedStatus over gRPC. */
public final class AdvisoryApplication {
  private AdvisoryApplication() {}

  public static void main(String[] args) {
    Micronaut.run(AdvisoryApplication.class, args);
  }
}
