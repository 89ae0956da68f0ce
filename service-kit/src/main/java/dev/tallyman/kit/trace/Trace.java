package dev.tallyman.kit.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * W3C Trace Context ({@code traceparent}) carried across Kafka headers and gRPC metadata, and put
 * into the logging MDC ({@code trace_id}, {@code span_id}) so JSON log lines of one image's journey
 * through every service share one trace id.
 */
public final class Trace {
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Trace() {}

  /** The current traceparent, or null outside any trace. */
  public static String current() {
    return CURRENT.get();
  }

  /** The current traceparent, or a new root one (not installed). */
  public static String currentOrNew() {
    String c = CURRENT.get();
    return c != null ? c : "00-" + hex(16) + "-" + hex(8) + "-01";
  }

  /**
   * Enters a child span of {@code traceparent} (a valid header) or a new root trace (absent or
   * malformed header: a bad header from outside must not break processing).
   */
  public static Scope continueFrom(String traceparent) {
    String traceId;
    String flags = "01";
    var m = traceparent == null ? null : TRACEPARENT.matcher(traceparent.trim());
    if (m != null && m.matches() && !m.group(1).equals("0".repeat(32))) {
      traceId = m.group(1);
      flags = m.group(3);
    } else {
      traceId = hex(16);
    }
    String spanId = hex(8);
    String previous = CURRENT.get();
    String next = "00-" + traceId + "-" + spanId + "-" + flags;
    install(next);
    return () -> install(previous);
  }

  private static void install(String traceparent) {
    if (traceparent == null) {
      CURRENT.remove();
      MDC.remove("trace_id");
      MDC.remove("span_id");
    } else {
      CURRENT.set(traceparent);
      MDC.put("trace_id", traceparent.substring(3, 35));
      MDC.put("span_id", traceparent.substring(36, 52));
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Restores the previous trace context when closed. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
