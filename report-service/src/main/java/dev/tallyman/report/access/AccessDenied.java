package dev.tallyman.report.access;

/** A request without valid credentials (401) or without the role it needs (403). */
public final class AccessDenied extends RuntimeException {
  private final boolean authenticated;

  private AccessDenied(String reason, boolean authenticated) {
    super(reason);
    this.authenticated = authenticated;
  }

  public static AccessDenied unauthenticated(String reason) {
    return new AccessDenied(reason, false);
  }

  public static AccessDenied forbidden(String reason) {
    return new AccessDenied(reason, true);
  }

  /** 401 when false, 403 when true. */
  public boolean authenticated() {
    return authenticated;
  }
}
