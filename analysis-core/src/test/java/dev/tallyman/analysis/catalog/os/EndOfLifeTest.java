package dev.tallyman.analysis.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EndOfLifeTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 28);
  private final EndOfLife table = EndOfLife.defaults();

  private EolStatus status(String id, String versionId) {
    return table.status(new OsRelease(id, versionId, "", "", ""), DAY);
  }

  @Test
  void theShippedTableIsDatedAndCoversTheBaseImages() {
    assertThat(table.asOf()).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(table.size()).isGreaterThan(50);
    for (String[] os :
        new String[][] {
          {"debian", "12"},
          {"ubuntu", "24.04"},
          {"alpine", "3.22.1"},
          {"rhel", "9.4"},
          {"rocky", "9.3"},
          {"almalinux", "8.9"},
          {"centos", "7"},
          {"amzn", "2023"},
          {"sles", "15.6"},
          {"opensuse-leap", "15.6"},
          {"wolfi", "20230201"},
          {"chainguard", "20230214"}
        }) {
      assertThat(status(os[0], os[1]).state())
          .as(os[0] + " " + os[1])
          .isNotEqualTo(EolStatus.State.UNKNOWN);
    }
  }

  @Test
  void supportedAndEndOfLifeOnAGivenDay() {
    EolStatus bookworm = status("debian", "12");
    assertThat(bookworm.state()).isEqualTo(EolStatus.State.SUPPORTED);
    assertThat(bookworm.describe()).isEqualTo("supported until 2028-06-30");
    assertThat(bookworm.tableAsOf()).isEqualTo(table.asOf());

    assertThat(status("debian", "10").describe()).isEqualTo("end of life since 2024-06-30");
    assertThat(status("ubuntu", "20.04").describe()).isEqualTo("end of life since 2025-05-31");
    assertThat(status("ubuntu", "20.04").extendedUntil()).isEqualTo(LocalDate.of(2030, 4, 2));
    assertThat(status("centos", "7").state()).isEqualTo(EolStatus.State.EOL);
    assertThat(status("amzn", "2").describe()).isEqualTo("end of life since 2026-06-30");
    assertThat(status("rhel", "9.3").describe()).isEqualTo("supported until 2032-05-31");
    assertThat(status("sles", "15.5").state()).isEqualTo(EolStatus.State.EOL);
  }

  @Test
  void versionsMatchByReleasePrefixNotByString() {
    // 3.21.3 is the 3.21 branch (ended 2026-11-01); "3.2" must not catch "3.21".
    assertThat(status("alpine", "3.21.3").eol()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(status("alpine", "3.2").state()).isEqualTo(EolStatus.State.UNKNOWN);
    assertThat(status("ubuntu", "22").state()).isEqualTo(EolStatus.State.UNKNOWN);
    assertThat(status("debian", "120").state()).isEqualTo(EolStatus.State.UNKNOWN);
  }

  @Test
  void theEndDayItselfIsAlreadyEndOfLife() {
    OsRelease buster = new OsRelease("debian", "10", "", "", "");
    assertThat(table.status(buster, LocalDate.of(2024, 6, 29)).state())
        .isEqualTo(EolStatus.State.SUPPORTED);
    assertThat(table.status(buster, LocalDate.of(2024, 6, 30)).state())
        .isEqualTo(EolStatus.State.EOL);
  }

  @Test
  void rollingUnknownAndTesting() {
    EolStatus wolfi = status("wolfi", "20230201");
    assertThat(wolfi.rolling()).isTrue();
    assertThat(wolfi.describe()).isEqualTo("supported (rolling release)");
    assertThat(status("gentoo", "2.15").describe()).isEqualTo("unknown");
    assertThat(table.status(OsRelease.UNKNOWN, DAY)).isEqualTo(EolStatus.UNKNOWN);
    // Debian testing/sid has no VERSION_ID: not guessed.
    assertThat(table.status(OsReleaseDetector.debian("trixie/sid"), DAY).state())
        .isEqualTo(EolStatus.State.UNKNOWN);
  }

  private static EndOfLife parse(String text) throws Exception {
    return EndOfLife.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void malformedTablesAreRejected() throws Exception {
    assertThat(parse("# as_of: 2026-01-01\nx,1,2027-01-01,,s\n").size()).isEqualTo(1);
    assertThatThrownBy(() -> parse("x,1,2027-01-01,,s\n")).hasMessageContaining("as_of");
    assertThatThrownBy(() -> parse("# as_of: 2026-01-01\nx,1,2027-13-01,,s\n"))
        .hasMessageContaining("bad date");
    assertThatThrownBy(() -> parse("# as_of: 2026-01-01\nx,1,2027-01-01\n"))
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> parse("# as_of: 2026-01-01\nx,1,,,s\n"))
        .hasMessageContaining("rolling");
  }
}
