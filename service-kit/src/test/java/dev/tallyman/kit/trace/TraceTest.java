package dev.tallyman.kit.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceTest {
  private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void continuesTheCallersTraceWithANewSpanAndRestoresOnClose() {
    assertThat(Trace.current()).isNull();
    try (Trace.Scope ignored = Trace.continueFrom(PARENT)) {
      String cur = Trace.current();
      assertThat(cur).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
      assertThat(cur).isNotEqualTo(PARENT);
      assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(MDC.get("span_id")).hasSize(16).isNotEqualTo("00f067aa0ba902b7");
    }
    assertThat(Trace.current()).isNull();
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void malformedOrAllZeroHeaderStartsANewRootInsteadOfFailing() {
    for (String bad :
        new String[] {
          null, "", "garbage", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "01-zz-zz-zz"
        }) {
      try (Trace.Scope ignored = Trace.continueFrom(bad)) {
        assertThat(Trace.current()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        assertThat(Trace.current()).doesNotContain("0".repeat(32));
      }
    }
  }

  @Test
  void currentOrNewDoesNotInstallAContext() {
    assertThat(Trace.currentOrNew()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(Trace.current()).isNull();
  }
}
