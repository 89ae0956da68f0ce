package dev.tallyman.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.proto.v1.FindingsReport;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;

/** Plain Kafka and HTTP helpers for the integration tests (what another service would do). */
public final class ReportTestSupport {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ReportTestSupport() {}

  public static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  public static RecordMetadata publish(
      KafkaProducer<String, byte[]> producer, String topic, FindingsReport report)
      throws Exception {
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(topic, report.getImageDigest(), report.toByteArray());
    r.headers()
        .add(
            KafkaHeaders.MESSAGE_TYPE,
            FindingsReport.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8));
    return producer.send(r).get(30, TimeUnit.SECONDS);
  }

  /** Publishes any tallyman message with its type header, keyed as given. */
  public static RecordMetadata publish(
      KafkaProducer<String, byte[]> producer,
      String topic,
      String key,
      com.google.protobuf.Message message)
      throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, message.toByteArray());
    r.headers()
        .add(
            KafkaHeaders.MESSAGE_TYPE,
            message.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
    return producer.send(r).get(30, TimeUnit.SECONDS);
  }

  public static RecordMetadata publishRaw(
      KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  /** Reads {@code topic} from the beginning until {@code count} records or the timeout. */
  public static List<ConsumerRecord<String, byte[]>> read(
      String bootstrap, String topic, int count, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  /** Committed offsets of a consumer group (empty map when it never committed). */
  public static Map<TopicPartition, Long> committed(String bootstrap, String group)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> m =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      m.forEach(
          (tp, om) -> {
            if (om != null) {
              out.put(tp, om.offset());
            }
          });
      return out;
    }
  }

  public record Response(int status, String body, java.net.http.HttpHeaders headers) {
    public Response(int status, String body) {
      this(status, body, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
    }

    /** First value of a response header, null when absent. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public static Response get(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new AssertionError("GET " + url + " failed", e);
    }
  }

  /** Closes what a test class started; either is null when its start-up failed. */
  public static void stop(KafkaProducer<?, ?> producer, EmbeddedServer server) {
    if (producer != null) {
      producer.close();
    }
    if (server != null) {
      server.getApplicationContext().close();
    }
  }

  public static void stop(KafkaProducer<?, ?> producer, ReportService service) {
    stop(producer, service == null ? null : service.server());
  }

  /** The JSON body of {@code base + path}, asserting a 200. */
  public static JsonNode ok(String base, String path) {
    Response r = get(base + path);
    Assertions.assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(200);
    return r.json();
  }

  /** The response of {@code url}, asserting a 400 (callers check the reason). */
  public static Response badRequest(String url) {
    Response r = get(url);
    Assertions.assertThat(r.status()).as(url + " -> " + r.body()).isEqualTo(400);
    return r;
  }

  /** The buckets of facet {@code dim} as value=count, in response order. */
  public static List<String> buckets(JsonNode facets, String dim) {
    List<String> out = new ArrayList<>();
    facets
        .at("/facets/" + dim + "/buckets")
        .forEach(b -> out.add(b.at("/value").asText() + "=" + b.at("/count").asInt()));
    return out;
  }

  /** The entry of {@code digest} in a page of images. */
  public static JsonNode image(JsonNode page, String digest) {
    for (JsonNode i : page.at("/images")) {
      if (i.at("/digest").asText().equals(digest)) {
        return i;
      }
    }
    throw new AssertionError("no image " + digest + " in " + page);
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
