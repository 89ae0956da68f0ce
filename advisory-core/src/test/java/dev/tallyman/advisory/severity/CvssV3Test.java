package dev.tallyman.advisory.severity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.osv.OsvSeverity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CvssV3Test {

  // Scores as published by NVD for these vectors.
  @ParameterizedTest
  @CsvSource({
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H, 10.0, CRITICAL",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8, CRITICAL",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 7.8, HIGH",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N, 5.9, MEDIUM",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1, MEDIUM",
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, 7.5, HIGH",
    "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N, 1.6, LOW",
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9, CRITICAL",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0, NEGLIGIBLE",
    "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:P, 6.5, MEDIUM"
  })
  void baseScoreFollowsTheSpecification(String vector, double score, Severity severity) {
    CvssV3 c = CvssV3.parse(vector);
    assertThat(c.baseScore()).isEqualTo(score);
    assertThat(c.severity()).isEqualTo(severity);
  }

  @Test
  void malformedVectorsAreRejected() {
    for (String bad :
        new String[] {
          "CVSS:2.0/AV:N",
          "CVSS:3.1/AV:N/AC:L",
          "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
          "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
          "garbage"
        }) {
      assertThatThrownBy(() -> CvssV3.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void databaseRatingWinsAndModerateIsMedium() {
    var v = new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    SeverityAssessment a = SeverityAssessment.of(List.of(v), "MODERATE");
    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(a.cvssScore()).isEqualTo(9.8);
    assertThat(SeverityAssessment.of(List.of(v), null).severity()).isEqualTo(Severity.CRITICAL);
    SeverityAssessment v4 =
        SeverityAssessment.of(List.of(new OsvSeverity("CVSS_V4", "CVSS:4.0/AV:N")), null);
    assertThat(v4.severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(v4.cvssVersion()).isEqualTo("4.0");
  }
}
