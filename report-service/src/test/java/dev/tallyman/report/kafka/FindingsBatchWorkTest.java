package dev.tallyman.report.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.contracts.KafkaHeaders;
import dev.tallyman.kit.kafka.PermanentFailure;
import dev.tallyman.proto.v1.Severity;
import dev.tallyman.report.Reports;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FindingsBatchWorkTest {
  @Test
  void parsesAReportRecord() {
    byte[] value =
        Reports.report(Reports.digest("x"), "r", "app", "1")
            .addFindings(
                Reports.finding("CVE-1", Severity.SEVERITY_LOW, 1, "", Reports.pkg("a", "1")))
            .build()
            .toByteArray();
    assertThat(FindingsBatchWork.documents(record(value))).hasSize(1);
  }

  @Test
  void knowsWhichPartCompletesAReport() {
    var report =
        Reports.report(Reports.digest("x"), "r", "app", "1")
            .setReportId("rep-1")
            .setPart(0)
            .setPartCount(2);
    FindingsBatchWork.Parsed first = FindingsBatchWork.parse(record(report.build().toByteArray()));
    FindingsBatchWork.Parsed last =
        FindingsBatchWork.parse(record(report.setPart(1).build().toByteArray()));
    assertThat(first.lastPart()).isFalse();
    assertThat(last.lastPart()).isTrue();
    assertThat(last.reportId()).isEqualTo("rep-1");
    assertThat(last.digest()).isEqualTo(Reports.digest("x"));
    assertThat(last.documents()).isEmpty();
  }

  @Test
  void garbageIsAPermanentFailureWithTheCause() {
    assertThatThrownBy(
            () ->
                FindingsBatchWork.documents(
                    record("not a protobuf at all".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("FindingsReport");
    assertThatThrownBy(
            () -> FindingsBatchWork.documents(record(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})))
        .isInstanceOf(PermanentFailure.class);
    assertThatThrownBy(() -> FindingsBatchWork.documents(record(null)))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("no value");
  }

  @Test
  void aRecordOfAnotherTypeIsRefused() {
    ConsumerRecord<String, byte[]> r = record(new byte[] {0x0a, 0x01, 0x41});
    r.headers().add(KafkaHeaders.MESSAGE_TYPE, "tallyman.v1.Sbom".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> FindingsBatchWork.documents(r))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("tallyman.v1.Sbom");
  }

  private static ConsumerRecord<String, byte[]> record(byte[] value) {
    return new ConsumerRecord<>("tallyman.findings", 0, 0L, "key", value);
  }
}
