package dev.tallyman.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {
  @TempDir Path tmp;

  @Test
  void brokerStartsAnswersTheKafkaProtocolAndStopsByPid() throws Exception {
    LocalKafka kafka = LocalKafka.start(tmp.resolve("kafka"));
    long pid;
    try {
      pid = kafka.pid();
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
      assertThat(Files.readString(kafka.logFile())).contains("Kafka Server started");
      assertThat(Files.readString(tmp.resolve("kafka/server.properties")))
          .contains("auto.create.topics.enable=false", "num.partitions=3");

      // A raw ApiVersions v0 request: the broker must echo our correlation id with error_code 0.
      try (Socket s = new Socket("127.0.0.1", kafka.port())) {
        s.setSoTimeout(5000);
        byte[] client = "tallyman-test".getBytes(StandardCharsets.UTF_8);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(2 + 2 + 4 + 2 + client.length);
        out.writeShort(18); // ApiVersions
        out.writeShort(0);
        out.writeInt(4242);
        out.writeShort(client.length);
        out.write(client);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        int size = in.readInt();
        assertThat(size).isGreaterThan(6);
        assertThat(in.readInt()).isEqualTo(4242);
        assertThat(in.readShort()).isEqualTo((short) 0);
        int apiCount = in.readInt();
        assertThat(apiCount).isGreaterThan(10);
      }
    } finally {
      kafka.close();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Ports.accepts(kafka.port())).isFalse();
  }

  @Test
  void clusterIdsLookLikeKafkaUuids() {
    String id = LocalKafka.clusterId();
    assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
    assertThat(LocalKafka.clusterId()).isNotEqualTo(id);
  }
}
