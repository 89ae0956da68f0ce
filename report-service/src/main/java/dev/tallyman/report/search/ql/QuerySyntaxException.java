package dev.tallyman.report.search.ql;

/** A query that does not parse; {@code position} is the 0-based character offset. */
public final class QuerySyntaxException extends RuntimeException {
  private final int position;

  public QuerySyntaxException(int position, String reason) {
    super("q: at position " + position + ": " + reason);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
