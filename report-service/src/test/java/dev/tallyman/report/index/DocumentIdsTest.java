package dev.tallyman.report.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentIdsTest {
  @Test
  void sameInputsGiveTheSameId() {
    String a = DocumentIds.of("sha256:aa", "CVE-1", "pkg:deb/debian/x@1", "var/lib/dpkg/status");
    String b = DocumentIds.of("sha256:aa", "CVE-1", "pkg:deb/debian/x@1", "var/lib/dpkg/status");
    assertThat(a).isEqualTo(b);
    assertThat(DocumentIds.isValid(a)).isTrue();
  }

  @Test
  void everyComponentChangesTheId() {
    String base = DocumentIds.of("sha256:aa", "CVE-1", "p", "path");
    assertThat(DocumentIds.of("sha256:ab", "CVE-1", "p", "path")).isNotEqualTo(base);
    assertThat(DocumentIds.of("sha256:aa", "CVE-2", "p", "path")).isNotEqualTo(base);
    assertThat(DocumentIds.of("sha256:aa", "CVE-1", "q", "path")).isNotEqualTo(base);
    assertThat(DocumentIds.of("sha256:aa", "CVE-1", "p", "other")).isNotEqualTo(base);
  }

  @Test
  void theSeparatorKeepsComponentsApart() {
    assertThat(DocumentIds.of("a", "b|c", "d", ""))
        .isNotEqualTo(DocumentIds.of("a|b", "c", "d", ""));
  }

  @Test
  void rejectsIdsNotMadeHere() {
    assertThat(DocumentIds.isValid("../../etc")).isFalse();
    assertThat(DocumentIds.isValid("A".repeat(64))).isFalse();
    assertThat(DocumentIds.isValid(null)).isFalse();
  }
}
