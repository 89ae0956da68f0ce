package dev.tallyman.ingest.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.ingest.distribution.InvalidNotification;
import org.junit.jupiter.api.Test;

class ScanReferenceTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void hostRepositoryTag() {
    assertThat(ScanReference.parse("127.0.0.1:5000/team/app:v1"))
        .isEqualTo(new ScanReference("127.0.0.1:5000", "team/app", "v1", ""));
  }

  @Test
  void digestWithOrWithoutTag() {
    assertThat(ScanReference.parse("reg.example/app@" + DIGEST))
        .isEqualTo(new ScanReference("reg.example", "app", "", DIGEST));
    assertThat(ScanReference.parse("reg.example/app:v2@" + DIGEST))
        .isEqualTo(new ScanReference("reg.example", "app", "v2", DIGEST));
  }

  @Test
  void noTagMeansLatest() {
    assertThat(ScanReference.parse("reg.example:443/app").tag()).isEqualTo("latest");
  }

  @Test
  void refusesWhatTheGrammarRefuses() {
    for (String bad :
        new String[] {
          "",
          "app:v1",
          "reg.example/App:v1",
          "reg.example/app:-v",
          "reg.example/app@sha256:abc",
          "bad host/app",
          "reg.example/../etc:v1"
        }) {
      assertThatThrownBy(() -> ScanReference.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidNotification.class);
    }
  }
}
