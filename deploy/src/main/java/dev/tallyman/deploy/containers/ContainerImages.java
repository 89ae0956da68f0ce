package dev.tallyman.deploy.containers;

/**
 * Images for the container mode, each the same software and major version as the local process it
 * stands in for; override with system properties when a mirror or a newer tag is wanted.
 */
final class ContainerImages {
  private ContainerImages() {}

  static final String KAFKA =
      System.getProperty("tallyman.teststack.kafka-image", "apache/kafka:4.1.1");
  static final String ELASTICSEARCH =
      System.getProperty(
          "tallyman.teststack.elasticsearch-image",
          "docker.elastic.co/elasticsearch/elasticsearch:8.19.7");
  static final String REGISTRY =
      System.getProperty("tallyman.teststack.registry-image", "registry:2.8.3");
}
